using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Sessions;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// A chain's end never waits for the upstream writer: its request is queued and written by whoever holds the gate.
/// These pin the hand-over (no request is left in the queue, none is written twice), deterministically, on in-memory pipes.
/// </summary>
public sealed class UpstreamOutboxTests
{
    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private static (UpstreamOutbox Outbox, SessionContext Session, Pipe Upstream) Create()
    {
        var upstream = new Pipe();
        var client = new Pipe();
        var session = new SessionContext(new ProxyConfig(), NullLogger.Instance, new Duplex(client.Reader, client.Writer), "test", new ProxyMetrics())
        {
            Upstream = new Duplex(new Pipe().Reader, upstream.Writer),
        };
        return (new UpstreamOutbox(session, CancellationToken.None), session, upstream);
    }

    private static Frame Request(short stream) => Frame.FromEnvelope(BufferLease.CopyOf(Frames.Query(stream, "SELECT * FROM t")));

    [Fact]
    public void GateFree_TheChainEndWritesItself()
    {
        var (outbox, session, _) = Create();
        outbox.Send(Request(1), owned: true, pumpThread: false, inStart: true);
        Assert.Equal(Frames.Query(1, "SELECT * FROM t").Length, session.Upstream!.Output.UnflushedBytes);
        Assert.True(outbox.Unflushed); // inside a start: the burst's last start flushes
        Assert.Equal(1, session.InFlight.Count);
    }

    [Fact]
    public void GateHeld_TheHolderWritesTheQueueBeforeItsFlush()
    {
        var (outbox, session, _) = Create();
        Assert.True(outbox.Gate.Wait(0)); // the request pump holds the gate for its batch
        outbox.Send(Request(1), owned: true, pumpThread: false, inStart: false);
        outbox.Send(Request(2), owned: true, pumpThread: false, inStart: false);
        Assert.Equal(0, session.Upstream!.Output.UnflushedBytes); // queued, not written behind the holder's back
        outbox.WriteQueued();
        Assert.Equal(2 * Frames.Query(1, "SELECT * FROM t").Length, session.Upstream.Output.UnflushedBytes);
        Assert.Equal(2, session.InFlight.Count);
        outbox.Gate.Release();
        outbox.Released(); // nothing left: writes nothing more
        Assert.Equal(2 * Frames.Query(1, "SELECT * FROM t").Length, session.Upstream.Output.UnflushedBytes);
    }

    [Fact]
    public async Task QueuedWhileHeld_WrittenAndFlushedAfterTheHolderLetsGo()
    {
        var (outbox, _, upstream) = Create();
        Assert.True(outbox.Gate.Wait(0));
        outbox.Send(Request(7), owned: true, pumpThread: false, inStart: false);
        outbox.Gate.Release();
        outbox.Released(); // the holder's check after letting go: writes the queue and queues a flush
        var read = await upstream.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Frames.Query(7, "SELECT * FROM t"), read.Buffer.ToArray());
    }

    [Fact]
    public void PumpThread_WritesDirectlyWithoutTheGate()
    {
        var (outbox, session, _) = Create();
        Assert.True(outbox.Gate.Wait(0)); // held by the pump whose thread runs the inline chain
        outbox.Send(Request(3), owned: true, pumpThread: true, inStart: false);
        Assert.Equal(Frames.Query(3, "SELECT * FROM t").Length, session.Upstream!.Output.UnflushedBytes);
        Assert.False(outbox.Unflushed); // the pump flushes at the end of its batch
    }
}
