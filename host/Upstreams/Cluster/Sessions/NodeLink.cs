using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Upstreams.Cluster.Wire;

namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>
/// One session's connection to one node. Requests get node stream ids from this link's own pool (the client's ids
/// are remembered in each <see cref="PendingRequest"/>), so requests of one client connection spread over many
/// nodes never collide. A link opened after the client's handshake replays it (STARTUP, AUTH_RESPONSEs, USE)
/// before anything else is sent; requests routed meanwhile wait in order. When the connection ends, every request
/// it held is handed back to the session exactly once.
/// </summary>
internal sealed class NodeLink
{
    private const int MaxStreams = 32768;

    private readonly object _sync = new();
    private readonly PendingRequest?[] _inFlight = new PendingRequest?[MaxStreams];
    private readonly Stack<short> _free = new(Enumerable.Range(0, MaxStreams).Reverse().Select(i => (short)i));
    private readonly Queue<PendingRequest> _waiting = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ClusterSession _owner;
    private readonly bool _replay;
    private readonly string? _keyspace;
    private bool _ready;
    private bool _dead;
    private bool _closedByUs;
    private EnvelopeWriter? _writer;

    /// <param name="node">The node.</param>
    /// <param name="owner">The session the answers go to.</param>
    /// <param name="replay">Replay the session's recorded handshake first (false: the client's own STARTUP comes through this link).</param>
    /// <param name="keyspace">The session keyspace to USE after the replayed handshake.</param>
    public NodeLink(ClusterNode node, ClusterSession owner, bool replay, string? keyspace)
    {
        Node = node;
        _owner = owner;
        _replay = replay;
        _keyspace = keyspace;
        Completion = Task.Run(RunAsync);
    }

    public ClusterNode Node { get; }

    public Task Completion { get; }

    public bool IsDead
    {
        get
        {
            lock (_sync) return _dead;
        }
    }

    /// <summary>Sends (or queues until the handshake is done); false when the link is dead (the caller reroutes).</summary>
    public bool Send(PendingRequest request)
    {
        short id;
        lock (_sync)
        {
            if (_dead) return false;
            if (!_ready || _free.Count == 0)
            {
                _waiting.Enqueue(request);
                return true;
            }
            id = _free.Pop();
            _inFlight[id] = request;
        }
        Write(request, id);
        return true;
    }

    private void Write(PendingRequest request, short id)
    {
        Envelopes.SetStream(request.Envelope, id);
        _writer!.Enqueue(request.Envelope);
    }

    private async Task RunAsync()
    {
        Exception? failure = null;
        SocketTransport? transport = null;
        EnvelopeReader? reader = null;
        Task? writing = null;
        try
        {
            transport = await _owner.Topology.Access.ConnectAsync(Node.EndPoint, _stop.Token).ConfigureAwait(false);
            reader = new EnvelopeReader(transport.Input, _owner.MaxBodyLength);
            _writer = new EnvelopeWriter(transport.Output);
            writing = _writer.RunAsync(_stop.Token);
            if (_replay) await ReplayHandshakeAsync(reader).ConfigureAwait(false);
            _owner.Topology.ReportReachable(Node);
            BecomeReady();
            await ReadLoopAsync(reader).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await DieAsync(failure, transport, writing).ConfigureAwait(false);
            reader?.Dispose();
        }
    }

    private void BecomeReady()
    {
        var send = new List<(PendingRequest, short)>();
        lock (_sync)
        {
            _ready = true;
            while (_waiting.Count > 0 && _free.Count > 0)
            {
                var request = _waiting.Dequeue();
                short id = _free.Pop();
                _inFlight[id] = request;
                send.Add((request, id));
            }
        }
        foreach (var (request, id) in send) Write(request, id);
    }

    /// <summary>STARTUP, then the recorded AUTH_RESPONSEs while the node asks, then USE: what the client did on the first node.</summary>
    private async Task ReplayHandshakeAsync(EnvelopeReader reader)
    {
        var handshake = _owner.Handshake;
        byte version = handshake.Version;
        _writer!.Enqueue(Envelopes.Request(version, 0, Opcode.Startup, handshake.Startup));
        var answer = await ExpectAsync(reader, "STARTUP").ConfigureAwait(false);
        if (version >= ProtocolVersion.V5 && answer is Opcode.Ready or Opcode.Authenticate) SwitchToSegments(reader, handshake.SegmentLz4);
        if (answer == Opcode.Authenticate)
        {
            int next = 0;
            while (answer != Opcode.AuthSuccess)
            {
                if (next >= handshake.AuthResponses.Count) throw new CqlProtocolException($"{Node}: the node asks for more authentication than the client gave the first node");
                _writer.Enqueue(Envelopes.Request(version, 0, Opcode.AuthResponse, handshake.AuthResponses[next++]));
                answer = await ExpectAsync(reader, "AUTH_RESPONSE").ConfigureAwait(false);
            }
        }
        else if (answer != Opcode.Ready)
        {
            throw new CqlProtocolException($"{Node}: unexpected {answer} to the replayed STARTUP");
        }
        if (_keyspace is not null)
        {
            _writer.Enqueue(Envelopes.Encode(version, false, 0, new QueryRequest(UseText.For(_keyspace))));
            var use = await ExpectAsync(reader, "USE").ConfigureAwait(false);
            if (use != Opcode.Result) throw new CqlProtocolException($"{Node}: USE {_keyspace} failed on a new node connection");
        }
    }

    private async Task<Opcode> ExpectAsync(EnvelopeReader reader, string what)
    {
        using var envelope = await reader.ReadAsync(_stop.Token).ConfigureAwait(false)
            ?? throw new IOException($"{Node} closed the connection during the replayed {what}");
        var header = Envelopes.Header(envelope);
        if (header.Opcode == Opcode.Error)
        {
            var body = Envelopes.Body(envelope, _owner.Handshake.BodyCompressor, _owner.MaxBodyLength, out var owned);
            using (owned)
            {
                var error = (ErrorResponse)MessageCodec.DecodeResponse(header, body, out _);
                throw new CqlProtocolException($"{Node} refused the replayed {what}: {error.Message}");
            }
        }
        return header.Opcode;
    }

    private void SwitchToSegments(EnvelopeReader reader, bool lz4)
    {
        reader.SwitchToSegments(lz4);
        _writer!.SwitchToSegments(lz4);
    }

    private async Task ReadLoopAsync(EnvelopeReader reader)
    {
        while (await reader.ReadAsync(_stop.Token).ConfigureAwait(false) is { } envelope)
        {
            var header = Envelopes.Header(envelope);
            // On the link that carries the client's own STARTUP, framing turns on as the node's answer passes by.
            if (!_replay && header.Version >= ProtocolVersion.V5 && !reader.Segmented && header.Opcode is Opcode.Ready or Opcode.Authenticate)
                SwitchToSegments(reader, _owner.Handshake.SegmentLz4);
            if (header.Stream < 0)
            {
                _owner.OnEvent(this, envelope);
                continue;
            }
            PendingRequest? request = null;
            PendingRequest? next = null;
            lock (_sync)
            {
                request = _inFlight[header.Stream];
                _inFlight[header.Stream] = null;
                if (request is not null)
                {
                    if (_waiting.Count > 0)
                    {
                        next = _waiting.Dequeue();
                        _inFlight[header.Stream] = next;
                    }
                    else
                    {
                        _free.Push(header.Stream);
                    }
                }
            }
            if (next is not null) Write(next, header.Stream);
            if (request is null)
            {
                envelope.Dispose();
                continue;
            }
            _owner.OnResponse(this, request, envelope);
        }
    }

    private async Task DieAsync(Exception? failure, SocketTransport? transport, Task? writing)
    {
        List<PendingRequest> sent = [];
        List<PendingRequest> unsent;
        bool closedByUs;
        lock (_sync)
        {
            _dead = true;
            closedByUs = _closedByUs;
            for (int i = 0; i < MaxStreams; i++)
            {
                if (_inFlight[i] is { } request)
                {
                    sent.Add(request);
                    _inFlight[i] = null;
                }
            }
            unsent = [.. _waiting];
            _waiting.Clear();
        }
        try
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _writer?.Complete();
            if (writing is not null) await writing.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The connection is gone either way; what matters is that every request it held is handed back below.
            _owner.Log.LogDebug("Cluster link to {Node}: writer ended: {Error}", Node, e.Message);
        }
        try
        {
            if (transport is not null) await transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _owner.Log.LogDebug("Cluster link to {Node}: close failed: {Error}", Node, e.Message);
        }
        _owner.Log.LogDebug("Cluster link to {Node} ended ({Sent} in flight, {Unsent} waiting): {Reason}", Node, sent.Count, unsent.Count, failure?.Message ?? "closed");
        _writer?.Dispose();
        _owner.OnLinkLost(this, sent, unsent, closedByUs ? null : failure ?? new IOException($"{Node} closed the connection"));
    }

    /// <summary>Closes the link (the session is ending).</summary>
    public Task CloseAsync()
    {
        lock (_sync) _closedByUs = true;
        _stop.Cancel();
        return Completion;
    }
}
