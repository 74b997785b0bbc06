using System.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Client.Internal;

/// <summary>
/// Owns the per-stream completions and turns each response envelope into a <see cref="CqlRawResponse"/>. Only the
/// header is kept for a successful raw request; errors and decode requests are decoded from an owned copy of the
/// body, so the result never borrows the read buffer.
/// </summary>
internal sealed class ResponseDispatcher
{
    private readonly PendingResponse?[] _slots;
    private readonly StreamIdPool _ids;
    private readonly bool _asyncContinuations;
    private readonly int _maxFrameBytes;
    private readonly Action<short> _release;

    public ResponseDispatcher(StreamIdPool ids, bool inlineContinuations, int maxFrameBytes)
    {
        _ids = ids;
        _slots = new PendingResponse?[ids.Capacity];
        _asyncContinuations = !inlineContinuations;
        _maxFrameBytes = maxFrameBytes;
        _release = ids.Return;
    }

    /// <summary>Compressor for v4 bodies flagged as compressed.</summary>
    public IBodyCompressor? Compressor { get; set; }

    /// <summary>Takes the completion of a freshly rented stream id.</summary>
    public PendingResponse Slot(short stream) => _slots[stream] ??= new PendingResponse(stream, _asyncContinuations, _release);

    /// <summary>Receives every decoded EVENT (stream -1); null = events are skipped undecoded. Must not block.</summary>
    public Action<EventResponse>? EventSink { get; set; }

    public void Dispatch(in FrameHeader header, in ReadOnlySequence<byte> body)
    {
        int stream = header.Stream;
        if (stream == EventResponse.StreamId)
        {
            DispatchEvent(header, body);
            return;
        }
        if ((uint)stream >= (uint)_slots.Length) return; // ids we never use
        var slot = _slots[stream];
        if (slot is null || slot.IsIdle) return;
        IResponse? message = null;
        // A canceled request's late answer only recycles the id: no need to decode it.
        if (slot.IsPending && (slot.Decode || header.Opcode == Opcode.Error))
        {
            try
            {
                message = Decode(header, body);
            }
            catch (CqlProtocolException e)
            {
                slot.Fail(e, connectionDead: false);
                return;
            }
        }
        slot.Complete(new CqlRawResponse(header, message));
    }

    private void DispatchEvent(in FrameHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.Opcode != Opcode.Event || EventSink is not { } sink) return;
        EventResponse? e;
        try
        {
            e = Decode(header, body) as EventResponse;
        }
        catch (CqlProtocolException)
        {
            // An event type this client does not know (a newer server): skip it, the connection stays usable.
            return;
        }
        if (e is not null) sink(e);
    }

    /// <summary>The connection ended: every pending request fails with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        foreach (var slot in _slots) slot?.Fail(error, connectionDead: true);
    }

    private IResponse Decode(in FrameHeader header, in ReadOnlySequence<byte> body)
    {
        byte[] bytes;
        var flags = header.Flags;
        if ((flags & FrameFlags.Compression) != 0 && header.Version < ProtocolVersion.V5)
        {
            var compressor = Compressor ?? throw new CqlProtocolException("Compressed response but no compression was negotiated");
            byte[] packed = body.ToArray();
            using var lease = compressor.Decompress(packed, _maxFrameBytes);
            bytes = lease.Span.ToArray();
            flags &= ~FrameFlags.Compression;
        }
        else
        {
            bytes = body.ToArray();
        }
        return MessageCodec.DecodeResponse(header.WithFlags(flags).WithBodyLength(bytes.Length), bytes, out _);
    }

    public int InFlight => _ids.InUse;
}
