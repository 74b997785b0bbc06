using System.Buffers;
using System.Collections.Concurrent;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// How the stage chains' ends of one connection get their requests onto the upstream output, which the request pump
/// also writes. Writers take turns through <see cref="Gate"/>; a chain's end never waits for it: it queues its frame
/// and writes the queue only if the gate is free at once. Whoever holds the gate writes what is queued before it
/// flushes or lets go (the request pump before its end-of-batch flush, which then carries those requests too), and
/// checks the queue again after letting go (<see cref="Released"/>), so a frame queued while the gate was held is
/// always written by someone. Before this, a chain's end awaited the gate, which the request pump holds for most of
/// its batch: each such request cost a SemaphoreSlim waiter and one more thread-pool hop, one waiter after another.
/// Invariants: frames are written only under the gate (or by the request pump's thread, which holds it); each queued
/// frame is written (or, when closing, dropped) exactly once and released once if the outbox owns it; a flush follows
/// every write (the pump's, the burst's last start's, or a queued one).
/// </summary>
internal sealed class UpstreamOutbox(SessionContext session, CancellationToken closing) : IDisposable
{
    private readonly ConcurrentQueue<(Frame Frame, bool Owned)> _queue = new();
    private Abstractions.Framing.SegmentEncoder? _segments;
    // 1 while a flush of the upstream output is queued: writes meanwhile ride on it.
    private int _flushQueued;
    // 1 when a chain's end wrote inside an isolated start: the burst's last start flushes for all of them.
    private int _unflushed;

    /// <summary>Serialises writes to the upstream output between the request pump and the chains' ends.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>True when a write inside a start is waiting for the burst's flush.</summary>
    public bool Unflushed => Volatile.Read(ref _unflushed) == 1;

    /// <summary>Takes the "written inside a start" mark (the burst's last start then flushes).</summary>
    public bool TakeUnflushed() => Interlocked.Exchange(ref _unflushed, 0) == 1;

    /// <summary>
    /// Sends one request frame. <paramref name="pumpThread"/>: the caller is the request pump's thread, which holds the
    /// gate and flushes at the end of its batch. <paramref name="inStart"/>: inside an isolated start (the burst's last
    /// start flushes). <paramref name="owned"/>: the frame is released once written.
    /// </summary>
    public void Send(Frame frame, bool owned, bool pumpThread, bool inStart)
    {
        if (pumpThread)
        {
            Write(frame, owned);
            return;
        }
        _queue.Enqueue((frame, owned));
        TryWriteQueued(inStart);
    }

    /// <summary>The caller holds the gate: writes every queued frame (the caller's flush sends them).</summary>
    public void WriteQueued()
    {
        while (_queue.TryDequeue(out var item)) Write(item.Frame, item.Owned);
    }

    /// <summary>A holder let go of the gate: frames queued while it held it and not written yet are written now.</summary>
    public void Released()
    {
        if (!_queue.IsEmpty) TryWriteQueued(inStart: false);
    }

    private void TryWriteQueued(bool inStart)
    {
        // Each pass either takes the gate and empties the queue, or leaves it to the holder (who checks after letting go).
        while (!_queue.IsEmpty)
        {
            if (!Gate.Wait(0)) return;
            try
            {
                WriteQueued();
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException)
            {
                // The upstream output is gone (closing): the requests queued are answered by FailPending.
                DropQueued();
            }
            finally
            {
                Gate.Release();
            }
            if (inStart) Volatile.Write(ref _unflushed, 1);
            else QueueFlush();
        }
    }

    private void Write(Frame frame, bool owned)
    {
        try
        {
            var output = session.Upstream!.Output;
            session.Forwarding(frame.Header, frame.Envelope.Length, span: false);
            if (session.Segmented)
            {
                // v5: whole segments only; the request pump writes whole segments too, under the same gate.
                _segments ??= new Abstractions.Framing.SegmentEncoder(session.SegmentLz4);
                _segments.Add(frame.Envelope.Span, output);
                _segments.Flush(output);
            }
            else
            {
                output.Write(frame.Envelope.Span);
            }
        }
        finally
        {
            if (owned) frame.Dispose();
        }
    }

    /// <summary>Queues a flush on the pool unless one is queued already.</summary>
    public void QueueFlush()
    {
        if (Interlocked.Exchange(ref _flushQueued, 1) == 0) ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.FlushAsync(), this, preferLocal: false);
    }

    /// <summary>Writes what is queued and flushes the upstream output, under the gate.</summary>
    public async Task FlushAsync()
    {
        try
        {
            await Gate.WaitAsync(closing).ConfigureAwait(false);
            try
            {
                // Cleared before flushing (writes happen under the gate): anything written from now on asks again.
                Volatile.Write(ref _flushQueued, 0);
                Volatile.Write(ref _unflushed, 0);
                WriteQueued();
                await session.Upstream!.Output.FlushAsync(closing).ConfigureAwait(false);
            }
            finally
            {
                Gate.Release();
            }
            Released();
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            // The connection is closing (or the upstream went away): the requests written are answered by FailPending.
        }
    }

    private void DropQueued()
    {
        while (_queue.TryDequeue(out var item))
        {
            if (item.Owned) item.Frame.Dispose();
        }
    }

    public void Dispose()
    {
        DropQueued();
        _segments?.Dispose();
    }
}
