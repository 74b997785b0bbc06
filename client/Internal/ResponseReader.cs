using System.Buffers;
using System.IO.Pipelines;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Client.Internal;

/// <summary>
/// The single read loop: frames envelopes (legacy framing, then v5 segments after READY when negotiated) and hands
/// each to the dispatcher. Continuations that run inline write with deferred flushes; one flush ends each batch.
/// </summary>
internal sealed class ResponseReader
{
    private readonly PipeReader _input;
    private readonly ResponseDispatcher _dispatcher;
    private readonly RequestWriter _writer;
    private readonly int _maxFrameBytes;
    private readonly List<BufferLease> _envelopes = [];
    private SegmentDecoder? _segmentDecoder;
    private SegmentReassembler? _reassembler;
    private bool? _segmentsOnReady;

    public ResponseReader(PipeReader input, ResponseDispatcher dispatcher, RequestWriter writer, int maxFrameBytes)
    {
        _input = input;
        _dispatcher = dispatcher;
        _writer = writer;
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>Before STARTUP on v5: switch to segments (with or without LZ4) right after the READY or AUTHENTICATE envelope.</summary>
    public void SwitchToSegmentsOnReady(bool lz4) => _segmentsOnReady = lz4;

    public async Task RunAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                _writer.BeginDeferred();
                try
                {
                    Parse(ref buffer);
                }
                finally
                {
                    _writer.EndDeferred();
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            _reassembler?.Dispose();
            await _input.CompleteAsync().ConfigureAwait(false);
        }
        _dispatcher.FailAll(error is null
            ? new CqlConnectionClosedException("The server closed the connection")
            : new CqlConnectionClosedException($"The connection failed: {error.Message}", error));
    }

    private void Parse(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_segmentDecoder is not null)
            {
                ParseSegments(ref buffer);
                return;
            }
            if (!TryReadEnvelope(ref buffer, out var header, out var body)) return;
            if (_segmentsOnReady is { } lz4 && header.Opcode is Opcode.Ready or Opcode.Authenticate)
            {
                // Switch before completing STARTUP: an inline continuation may already send in the new framing.
                _segmentDecoder = new SegmentDecoder(lz4);
                _reassembler = new SegmentReassembler();
                _segmentsOnReady = null;
            }
            _dispatcher.Dispatch(header, body);
        }
    }

    private bool TryReadEnvelope(ref ReadOnlySequence<byte> buffer, out FrameHeader header, out ReadOnlySequence<byte> body)
    {
        body = default;
        header = default;
        if (buffer.Length < FrameHeader.Size) return false;
        Span<byte> headerBytes = stackalloc byte[FrameHeader.Size];
        var first = buffer.FirstSpan;
        header = FrameHeader.Read(first.Length >= FrameHeader.Size ? first : CopyHeader(buffer, headerBytes));
        if (header.BodyLength < 0 || header.BodyLength > _maxFrameBytes)
            throw new CqlProtocolException($"Response body length {header.BodyLength} is outside 0..{_maxFrameBytes}");
        if (!header.IsResponse) throw new CqlProtocolException("The server sent a request frame");
        long total = FrameHeader.Size + (long)header.BodyLength;
        if (buffer.Length < total) return false;
        body = buffer.Slice(FrameHeader.Size, header.BodyLength);
        buffer = buffer.Slice(total);
        return true;
    }

    private static ReadOnlySpan<byte> CopyHeader(in ReadOnlySequence<byte> buffer, Span<byte> destination)
    {
        buffer.Slice(0, FrameHeader.Size).CopyTo(destination);
        return destination;
    }

    private void ParseSegments(ref ReadOnlySequence<byte> buffer)
    {
        while (_segmentDecoder!.TryDecode(ref buffer, out var segment, out var payload))
        {
            if (segment.IsSelfContained)
            {
                using (payload) DispatchEnvelopes(payload.Memory);
                continue;
            }
            _reassembler!.Add(isSelfContained: false, payload, _envelopes);
            foreach (var envelope in _envelopes)
            {
                using (envelope) DispatchEnvelopes(envelope.Memory);
            }
            _envelopes.Clear();
        }
    }

    /// <summary>Dispatches every whole envelope in a self-contained payload (without copying).</summary>
    private void DispatchEnvelopes(ReadOnlyMemory<byte> payload)
    {
        while (!payload.IsEmpty)
        {
            if (payload.Length < FrameHeader.Size) throw new SegmentCorruptException("Segment ends inside an envelope header");
            var header = FrameHeader.Read(payload.Span);
            if (header.BodyLength < 0 || FrameHeader.Size + (long)header.BodyLength > payload.Length)
                throw new SegmentCorruptException($"Segment holds a partial envelope ({header.BodyLength} body bytes declared)");
            _dispatcher.Dispatch(header, new ReadOnlySequence<byte>(payload.Slice(FrameHeader.Size, header.BodyLength)));
            payload = payload[(FrameHeader.Size + header.BodyLength)..];
        }
    }
}
