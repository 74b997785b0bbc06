using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Framing;

namespace ScriptProxy.Host.Upstreams.Cluster.Wire;

/// <summary>
/// The single writer of one connection direction: any thread enqueues whole envelopes; one loop writes them in
/// order, as they are (v3/v4) or packed into v5 segments once switched, and flushes when the queue runs dry (so a
/// burst goes out in few writes). Ownership of each lease passes to the writer.
/// </summary>
internal sealed class EnvelopeWriter : IDisposable
{
    private readonly Channel<Outgoing> _queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PipeWriter _output;
    private SegmentEncoder? _encoder;
    private volatile int _pendingSwitch;

    public EnvelopeWriter(PipeWriter output) => _output = output;

    /// <summary>Queues an envelope; false (and the lease is released) when the writer has stopped.</summary>
    public bool Enqueue(BufferLease envelope, bool switchToSegmentsAfter = false, bool lz4 = false)
    {
        if (_queue.Writer.TryWrite(new Outgoing(envelope, switchToSegmentsAfter, lz4))) return true;
        envelope.Dispose();
        return false;
    }

    /// <summary>Envelopes queued after this call are packed into segments (the switch happens in queue order).</summary>
    public void SwitchToSegments(bool lz4) => _pendingSwitch = lz4 ? 2 : 1;

    /// <summary>Stops accepting envelopes; the loop writes what is queued and ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    using (item.Envelope)
                    {
                        if (_encoder is null && _pendingSwitch != 0) _encoder = new SegmentEncoder(_pendingSwitch == 2);
                        if (_encoder is not null) _encoder.Add(item.Envelope.Span, _output);
                        else _output.Write(item.Envelope.Span);
                    }
                    if (item.SwitchAfter && _encoder is null)
                    {
                        // The envelope that turns framing on (READY/AUTHENTICATE in v5) must reach the peer unframed.
                        var flushed = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        if (flushed.IsCompleted) return;
                        _encoder = new SegmentEncoder(item.Lz4);
                    }
                }
                _encoder?.Flush(_output);
                var result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCompleted) return;
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (reader.TryRead(out var left)) left.Envelope.Dispose();
        }
    }

    public void Dispose() => _encoder?.Dispose();

    private readonly record struct Outgoing(BufferLease Envelope, bool SwitchAfter, bool Lz4);
}
