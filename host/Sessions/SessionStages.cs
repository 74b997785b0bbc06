using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// One connection's side of the stage pipeline. The request pump hands it accepted QUERY/PREPARE/EXECUTE/
/// BATCH envelopes while the pipeline has stages; they are copied into owned frames (decompressed) and
/// posted to the connection's Rx <see cref="ExchangeFlow"/>. The chain's end sends the request upstream
/// (serialised with the request pump by <see cref="UpstreamGate"/>) and waits for the response pump to
/// hand over the response with the same stream id. Finished exchanges are queued for the response pump,
/// which stays the only writer to the client. Nothing here runs for a connection while the pipeline is empty.
/// <para>
/// Two execution modes, chosen per pipeline version (<see cref="PipelineSnapshot.Inline"/>) when the exchange starts:
/// isolated (the default) runs each chain on the thread pool, so a stage stuck in a synchronous loop can never hold
/// a connection's reader; inline (every stage declared trusted) runs the chain on the request pump's thread until it
/// first waits, and lets the response pump continue it when the upstream answers. Invariants of the inline mode:
/// the request pump holds <see cref="UpstreamGate"/> while it runs a chain, so a chain's end reached on that thread
/// writes upstream without taking the gate again (it would wait for itself) and leaves the flush to the pump's
/// end-of-batch flush; the response pump never takes the gate and never sends anything upstream while it continues
/// chains (after the upstream answered, every stage has already passed the request on), so it cannot deadlock on
/// it; replies finished on the response pump are queued without waking it (it drains the queue after the batch).
/// </para>
/// </summary>
internal sealed class SessionStages(SessionContext session, StageHost host) : IDisposable
{
    private readonly ConcurrentDictionary<short, UpstreamWait> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private ExchangeFlow? _flow;
    private volatile bool _used;
    // Exchanges posted whose synchronous start has not returned yet, and whether one of them wrote upstream:
    // the last start of a burst flushes for all of them, with no extra thread hop.
    private int _startsPending;
    [ThreadStatic] private static SessionStages? t_starting;
    // The connection whose request pump runs an inline chain on this thread right now (and holds its UpstreamGate).
    [ThreadStatic] private static SessionStages? t_gateHeld;
    // The connection whose response pump continues inline chains on this thread right now (it drains replies after).
    [ThreadStatic] private static SessionStages? t_completing;
    // 1 while a wake-up of the response pump is pending: replies finishing meanwhile ride on the same wake-up.
    private int _wakePending;
    private volatile string? _keyspace;
    // The chain's end as a delegate, made once (a method group converted per request allocates a delegate each time).
    private Func<PipelineExchange, ValueTask>? _send;

    private UpstreamOutbox? _outbox;

    /// <summary>How the chains' ends write upstream, taking turns with the request pump (see <see cref="UpstreamOutbox"/>).</summary>
    public UpstreamOutbox Outbox => Volatile.Read(ref _outbox) ?? CreateOutbox();

    // Created on first use, normally by the request pump before the first exchange; a racing loser is simply dropped.
    private UpstreamOutbox CreateOutbox()
    {
        var created = new UpstreamOutbox(session, _closing.Token);
        return Interlocked.CompareExchange(ref _outbox, created, null) ?? created;
    }

    /// <summary>Serialises writes to the upstream output between the request pump and the chains' ends, once stages are used.</summary>
    public SemaphoreSlim UpstreamGate => Outbox.Gate;

    /// <summary>True once this connection posted an exchange: from then on the request pump takes <see cref="UpstreamGate"/>.</summary>
    public bool Used => _used;

    /// <summary>Finished exchanges and the frame to write for each, for the response pump.</summary>
    public ConcurrentQueue<(Frame Frame, PipelineExchange Exchange)> Replies { get; } = new();

    /// <summary>Whether this request goes through the pipeline (a stage-relevant opcode while the pipeline has stages).</summary>
    public bool Wants(in FrameHeader header) =>
        header.Opcode is Opcode.Query or Opcode.Prepare or Opcode.Execute or Opcode.Batch && !host.Store.Current.IsEmpty;

    /// <summary>True when a response with this stream id belongs to an exchange (the v5 path checks before reassembling it).</summary>
    public bool IsPending(short stream) => _used && _pending.ContainsKey(stream);

    /// <summary>Marks the connection as using stages; the caller (request pump) must already hold the gate.</summary>
    public void MarkUsed() => _used = true;

    /// <summary>Copies the envelope into an owned frame and posts it; false if the pipeline became empty meanwhile (forward it yourself).</summary>
    public bool TryPost(in FrameHeader header, in ReadOnlySequence<byte> envelope)
    {
        var frame = Materialise(header, envelope);
        var request = new CqlRequestView(frame, host.Prepared, _keyspace);
        if (header.Opcode == Opcode.Execute && AnswerUnknownExecute(request)) return true;
        var exchange = new PipelineExchange(request, session.ClientName, _send ??= Send, _closing.Token)
        {
            Trace = session.StartRequestSpan(header),
            UpstreamNeverFaults = true,
        };
        _flow ??= new ExchangeFlow(host.Store, Write, e => session.Log.LogError(e, "{Client}: stage response writer failed", session.ClientName), Run, RunInline);
        Interlocked.Increment(ref _startsPending);
        if (_flow.TryPost(exchange)) return true;
        Interlocked.Decrement(ref _startsPending);
        exchange.Dispose();
        return false;
    }

    /// <summary>On a pool thread: runs the chain until it first waits; the last start of a burst flushes what the burst wrote.</summary>
    private void Run(PipelineExchange exchange)
    {
        t_starting = this;
        try
        {
            _ = exchange.Snapshot!.RunAsync(exchange);
        }
        finally
        {
            t_starting = null;
            if (Interlocked.Decrement(ref _startsPending) == 0)
            {
                if (Outbox.TakeUnflushed()) _ = Outbox.FlushAsync();
            }
            else if (Outbox.Unflushed)
            {
                // Starts keep arriving (a saturated pool): do not wait for the count to reach zero, which it may
                // not for a while; a flush queued behind them bounds how long the writes sit unsent.
                Outbox.QueueFlush();
            }
        }
    }

    /// <summary>
    /// On the request pump's thread, which holds <see cref="UpstreamGate"/> while it posts: runs an inline chain until it
    /// first waits. A chain's end reached meanwhile writes upstream directly (see <see cref="Send"/>) and the pump's
    /// flush at the end of its read batch sends it, exactly as a bypassed request.
    /// </summary>
    private void RunInline(PipelineExchange exchange)
    {
        var outer = t_gateHeld;
        t_gateHeld = this;
        try
        {
            _ = exchange.Snapshot!.RunAsync(exchange);
        }
        finally
        {
            t_gateHeld = outer;
            Interlocked.Decrement(ref _startsPending);
        }
    }

    /// <summary>
    /// An EXECUTE of an id this proxy never saw prepared (prepared through another proxy of a fleet, or before this
    /// proxy restarted) cannot be classified, so a stage could not tell a write from a read. It is answered Unprepared
    /// (0x2500) with its id, as Cassandra answers an id it does not know: every driver then prepares the statement on
    /// this connection and retries, and the retry is classified. True when answered (the request is released).
    /// </summary>
    private bool AnswerUnknownExecute(CqlRequestView request)
    {
        ReadOnlyMemory<byte> id;
        try
        {
            // The statement is looked up from the id in the body; only an unknown id is decoded (to copy it into the answer).
            if (request.Statement is not null) return false;
            id = ((ExecuteRequest)request.Message).QueryId.ToArray();
        }
        catch (CqlProtocolException)
        {
            return false; // not decodable: the upstream answers it as it would without stages
        }
        using (var reply = FrameEncoder.ToFrame(request.Version, response: true, FrameFlags.None, request.Stream, ErrorResponse.Unprepared(id)))
        {
            session.Metrics.ProxyError(ErrorCode.Unprepared);
            session.ProxyReplies.Enqueue(reply.Envelope.ToArray());
        }
        request.Dispose();
        session.Upstream?.Input.CancelPendingRead();
        return true;
    }

    /// <summary>
    /// The end of the chain: sends the (possibly changed) request upstream and returns what completes when its response
    /// arrived. Not an async method: the returned task is the <see cref="UpstreamWait"/> itself, which never faults (a lost
    /// upstream arrives as an error response), so the exchange awaits it directly (<see cref="PipelineExchange.UpstreamNeverFaults"/>)
    /// and a request in flight holds no state machine of its own here. Failing before the send throws synchronously.
    /// </summary>
    private ValueTask Send(PipelineExchange exchange)
    {
        var request = (CqlRequestView)exchange.Request;
        var frame = request.ToFrame();
        var wait = new UpstreamWait(exchange, exchange.Snapshot?.Inline == true);
        bool owned = !ReferenceEquals(frame, request.Frame);
        if (!_pending.TryAdd(frame.Stream, wait))
        {
            if (owned) frame.Dispose();
            exchange.Respond(ErrorCode.ProtocolError, $"Stream {frame.Stream} is already in use by a request in flight");
            return default;
        }
        if (_closing.IsCancellationRequested && _pending.TryRemove(frame.Stream, out _))
        {
            // Closing, and FailPending may have run before this entry existed: nobody would complete the wait.
            if (owned) frame.Dispose();
            throw new OperationCanceledException("The connection is closing");
        }
        // On the request pump's own thread (an inline chain that reached its end before waiting) the pump holds the gate
        // and flushes at the end of its batch. Anywhere else the frame is queued for whoever holds the gate (never awaited):
        // one flush per burst, by the burst's last start (inside an isolated start), the pump, or a queued flush.
        Outbox.Send(frame, owned, pumpThread: ReferenceEquals(t_gateHeld, this), inStart: ReferenceEquals(t_starting, this));
        return wait.Task;
    }

    /// <summary>Called by the response pump for every response; true when it belonged to an exchange (and must not be forwarded).</summary>
    public bool TryComplete(in FrameHeader header, in ReadOnlySequence<byte> envelope)
    {
        if (!_used || !_pending.TryRemove(header.Stream, out var wait)) return false;
        var statement = (wait.Exchange.Request as CqlRequestView)?.Opcode == Opcode.Execute ? ((CqlRequestView)wait.Exchange.Request).Statement : null;
        var response = new CqlResponseView(Materialise(header, envelope), statement?.Result);
        if (wait.Exchange.Request is CqlRequestView { Opcode: Opcode.Prepare } prepare) Remember(prepare, response);
        else if (header.Opcode == Opcode.Result && wait.Exchange.Request.Opcode == Opcode.Query) NoticeUse(response);
        wait.Exchange.SetUpstreamResponse(response);
        // An inline version's chain continues right here, on the response pump (it finishes into Replies, drained after this batch).
        var outer = t_completing;
        t_completing = this;
        try
        {
            wait.Complete();
        }
        finally
        {
            t_completing = outer;
        }
        return true;
    }

    /// <summary>
    /// Gives an upstream EVENT (stream -1) to the stages that see events (<see cref="IEventStage"/>). Returns null to
    /// forward it as its original bytes (no such stage, or none changed it), an empty array to drop it, or the envelope
    /// to write instead. Events are rare, so decoding and a new array each are fine; the common case (no event stage)
    /// costs one volatile read.
    /// </summary>
    public byte[]? RewriteEvent(in FrameHeader header, in ReadOnlySequence<byte> envelope)
    {
        if (host.Store.Current.EventGuards.Length == 0) return null;
        var snapshot = host.Store.Acquire();
        if (snapshot.IsEmpty) return null;
        try
        {
            if (snapshot.EventGuards.Length == 0) return null;
            EventResponse original;
            MessageEnvelope preamble;
            using (var frame = Materialise(header, envelope))
            {
                if (MessageCodec.DecodeResponse(frame, out preamble) is not EventResponse decoded) return null;
                original = decoded;
            }
            EventResponse? current = original;
            foreach (var guard in snapshot.EventGuards)
            {
                current = guard.OnEvent(current);
                if (current is null) return [];
            }
            if (ReferenceEquals(current, original)) return null;
            using var rewritten = FrameEncoder.ToFrame(header.Version, response: true, FrameFlags.None, EventResponse.StreamId, current, preamble);
            return rewritten.Envelope.ToArray();
        }
        catch (CqlProtocolException e)
        {
            // Not an event we can read: the client gets it as it came (its driver will judge it).
            session.Log.LogDebug("{Client}: upstream EVENT not understood, forwarded unchanged: {Error}", session.ClientName, e.Message);
            return null;
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>The upstream is gone: release every exchange still waiting (their streams are answered by the caller).</summary>
    public void FailPending(string message)
    {
        foreach (var stream in _pending.Keys)
        {
            if (!_pending.TryRemove(stream, out var wait)) continue;
            var request = wait.Exchange.Request;
            wait.Exchange.SetUpstreamResponse(StageReply.Error(request.Version, request.Stream, ErrorCode.ServerError, message));
            // On the pool even for inline versions: the caller (closing, or the pump answering a lost upstream) runs no stage code.
            wait.Complete(forceAsync: true);
        }
    }

    /// <summary>A USE answered SetKeyspace: later unqualified statements on this connection are in that keyspace.</summary>
    private void NoticeUse(CqlResponseView response)
    {
        try
        {
            if (response.Message is SetKeyspaceResult use) _keyspace = use.Keyspace;
        }
        catch (CqlProtocolException)
        {
            // Not decodable: the client gets it as it is; only keyspace tracking misses it.
        }
    }

    private void Remember(CqlRequestView prepare, CqlResponseView response)
    {
        try
        {
            if (response.Opcode == Opcode.Result && response.Message is PreparedResult prepared && prepare.Query is { } query)
                host.Prepared.Remember(prepared.Id.Span, query, prepared.Variables, prepared.ResultMetadata);
        }
        catch (CqlProtocolException e)
        {
            session.Log.LogDebug("{Client}: PREPARED answer not understood: {Error}", session.ClientName, e.Message);
        }
    }

    /// <summary>Rx subscriber: picks the frame to send and hands it to the response pump.</summary>
    private void Write(PipelineExchange exchange)
    {
        Frame frame;
        try
        {
            frame = exchange.Response switch
            {
                CqlResponseView view => view.ToFrame(),
                { } other => other.Frame,
                null => StageReply.Error(exchange.Request.Version, exchange.Request.Stream, ErrorCode.ServerError, "No response").Frame,
            };
        }
        catch (Exception e)
        {
            // A stage changed a cell to a value its column cannot hold: answer instead of dropping the request.
            frame = StageReply.Error(exchange.Request.Version, exchange.Request.Stream, ErrorCode.ServerError, $"Proxy could not encode the changed response: {e.Message}").Frame;
        }
        Replies.Enqueue((frame, exchange));
        // On the response pump itself (an inline chain it continued): it drains the queue after this batch, no wake-up.
        if (ReferenceEquals(t_completing, this)) return;
        // Wake the response pump once per batch of replies, not once per reply (each wake-up costs it a flush).
        if (Interlocked.Exchange(ref _wakePending, 1) == 0) session.Upstream?.Input.CancelPendingRead();
    }

    /// <summary>The response pump is about to drain <see cref="Replies"/>: replies queued from now on wake it again.</summary>
    public void Draining() => Volatile.Write(ref _wakePending, 0);

    /// <summary>Copies an envelope into an owned frame; a v3/v4 compressed body is decompressed (and the flag cleared, which is valid to send).</summary>
    private Frame Materialise(in FrameHeader header, in ReadOnlySequence<byte> envelope)
    {
        bool compressed = (header.Flags & FrameFlags.Compression) != 0 && header.Version < ProtocolVersion.V5 && session.Compression is not null;
        if (!compressed) return Frame.FromEnvelope(BufferLease.CopyOf(envelope));
        using var packed = BufferLease.CopyOf(envelope.Slice(FrameHeader.Size));
        using var plain = session.Compression!.Decompress(packed.Span, session.Config.MaxFrameBytes);
        var lease = BufferLease.Rent(FrameHeader.Size + plain.Length);
        header.WithFlags(header.Flags & ~FrameFlags.Compression).WithBodyLength(plain.Length).Write(lease.Span);
        plain.Span.CopyTo(lease.Span[FrameHeader.Size..]);
        return Frame.FromEnvelope(lease);
    }

    public void Dispose()
    {
        _closing.Cancel();
        FailPending("Connection closed");
        _flow?.Dispose();
        while (Replies.TryDequeue(out var reply)) Release(reply);
        _outbox?.Dispose();
        host.Departures.Depart(session.ClientName);
    }

    /// <summary>Disposes a written (or dropped) reply and its exchange.</summary>
    public static void Release((Frame Frame, PipelineExchange Exchange) reply)
    {
        bool owned = ReferenceEquals(reply.Frame, reply.Exchange.Response?.Frame);
        reply.Exchange.Dispose();
        if (!owned) reply.Frame.Dispose();
    }
}
