using System.Buffers;
using System.IO.Pipelines;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Host.Upstreams.Cluster.Wire;

/// <summary>
/// Reads whole envelopes (9-byte header + body, each in its own pooled lease owned by the caller) from a pipe:
/// unframed v3/v4 envelopes until <see cref="SwitchToSegments"/>, v5 segments after it (decoded and reassembled by
/// the abstractions' segment codec). Unframed envelopes are taken one per call, so a switch between two envelopes
/// never misreads the bytes after it. One reader per connection direction; not thread-safe.
/// </summary>
internal sealed class EnvelopeReader(PipeReader input, int maxBodyLength) : IDisposable
{
    private readonly Queue<BufferLease> _ready = new();
    private readonly List<BufferLease> _assembled = [];
    private SegmentDecoder? _decoder;
    private SegmentReassembler? _reassembler;
    private volatile int _pendingSwitch;

    public bool Segmented => _decoder is not null || _pendingSwitch != 0;

    /// <summary>
    /// Bytes parsed after this call are v5 segments. Safe from another thread as long as the peer cannot have sent
    /// segment bytes yet (it switches only after seeing the READY/AUTHENTICATE that we are about to send it).
    /// </summary>
    public void SwitchToSegments(bool lz4) => _pendingSwitch = lz4 ? 2 : 1;

    private void ApplySwitch()
    {
        int pending = _pendingSwitch;
        if (pending == 0 || _decoder is not null) return;
        _decoder = new SegmentDecoder(pending == 2);
        _reassembler = new SegmentReassembler(maxBodyLength + FrameHeader.Size);
    }

    /// <summary>The next envelope, or null at end of stream.</summary>
    /// <exception cref="CqlProtocolException">The bytes are not valid framing (the connection cannot continue).</exception>
    public async ValueTask<BufferLease?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_ready.TryDequeue(out var envelope)) return envelope;
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool progressed = false;
            ApplySwitch();
            try
            {
                progressed = _decoder is null ? TakeEnvelope(ref buffer) : TakeSegments(ref buffer);
            }
            finally
            {
                // One unframed envelope is taken per call: what follows it is not examined yet, so the next read
                // must return at once rather than wait for more bytes.
                input.AdvanceTo(buffer.Start, progressed && _decoder is null ? buffer.Start : buffer.End);
            }
            if (!progressed && (result.IsCompleted || result.IsCanceled)) return null;
        }
    }

    private bool TakeEnvelope(ref ReadOnlySequence<byte> buffer)
    {
        if (!EnvelopeScanner.TryReadHeader(buffer, out var header)) return false;
        if (header.BodyLength < 0 || header.BodyLength > maxBodyLength)
            throw new CqlProtocolException($"Envelope body length {header.BodyLength} is outside 0..{maxBodyLength}");
        long total = FrameHeader.Size + (long)header.BodyLength;
        if (buffer.Length < total) return false;
        _ready.Enqueue(BufferLease.CopyOf(buffer.Slice(0, total)));
        buffer = buffer.Slice(total);
        return true;
    }

    private bool TakeSegments(ref ReadOnlySequence<byte> buffer)
    {
        bool any = false;
        while (_decoder!.TryDecode(ref buffer, out var header, out var payload))
        {
            _reassembler!.Add(header.IsSelfContained, payload, _assembled);
            foreach (var envelope in _assembled) _ready.Enqueue(envelope);
            _assembled.Clear();
            any = true;
        }
        return any;
    }

    public void Dispose()
    {
        while (_ready.TryDequeue(out var envelope)) envelope.Dispose();
        _reassembler?.Dispose();
    }
}
