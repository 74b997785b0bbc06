using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Upstreams.Cluster.Wire;

namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>
/// The upstream of one client connection in cluster mode. It reads the request envelopes the client session writes,
/// routes each to a node connection of its own (<see cref="NodeLink"/>, opened lazily, handshake replayed) and writes
/// the answers back under the client's stream ids. What needs parsing is decided per opcode; see
/// <see cref="RequestRouter"/> for where each request goes, and <see cref="OnResponse"/> for what is done on the way back.
/// </summary>
internal sealed class ClusterSession
{
    private readonly object _sync = new();
    private readonly Dictionary<ClusterNode, NodeLink> _links = [];
    private readonly EnvelopeReader _clientReader;
    private readonly EnvelopeWriter _clientWriter;
    private readonly RequestRouter _router;
    private readonly ILogger _log;
    private NodeLink? _primary;
    private NodeLink? _eventLink;
    private byte[]? _registerBody;
    private volatile string? _keyspace;
    private volatile bool _closing;
    private bool _clientSegmented;
    private Task? _writing;
    private Task? _reading;

    /// <param name="topology">The cluster.</param>
    /// <param name="routerSide">Requests from the client session (Input) and answers to it (Output).</param>
    /// <param name="maxBodyLength">Largest envelope body accepted from either side.</param>
    /// <param name="log">Logger.</param>
    public ClusterSession(ClusterTopology topology, IDuplexPipe routerSide, int maxBodyLength, ILogger log)
    {
        Topology = topology;
        MaxBodyLength = maxBodyLength;
        _log = log;
        _clientReader = new EnvelopeReader(routerSide.Input, maxBodyLength);
        _clientWriter = new EnvelopeWriter(routerSide.Output);
        _router = new RequestRouter(this);
    }

    public ClusterTopology Topology { get; }

    public ILogger Log => _log;

    public HandshakeRecord Handshake { get; } = new();

    public int MaxBodyLength { get; }

    /// <summary>The keyspace of the client's last USE (replayed on new node connections).</summary>
    public string? Keyspace
    {
        get => _keyspace;
        set => _keyspace = value;
    }

    /// <summary>Protocol version of the client's requests (for answers the router makes itself).</summary>
    public byte Version { get; private set; } = ProtocolVersion.V4;

    public void Start()
    {
        _writing = _clientWriter.RunAsync(CancellationToken.None);
        _reading = Task.Run(ReadClientAsync);
    }

    private async Task ReadClientAsync()
    {
        try
        {
            while (await _clientReader.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } envelope)
            {
                var header = Envelopes.Header(envelope);
                Version = header.Version;
                try
                {
                    await _router.DispatchAsync(envelope).ConfigureAwait(false);
                }
                catch (CqlProtocolException e)
                {
                    // The session validated framing already; a body we cannot read for routing is answered, not fatal.
                    // Bodies are read before a request is handed to a node connection, so the envelope is still ours.
                    envelope.Dispose();
                    Answer(header.Stream, ErrorResponse.Protocol(e.Message));
                }
            }
        }
        catch (Exception e) when (e is CqlProtocolException or IOException)
        {
            _log.LogDebug("Cluster session: reading requests ended: {Error}", e.Message);
        }
        catch (Exception e)
        {
            // A bug, not the client's fault: end this connection (the client session answers what is in flight).
            _log.LogError(e, "Cluster session: routing failed");
            _clientWriter.Complete();
        }
        finally
        {
            _clientReader.Dispose();
        }
    }

    /// <summary>The session's connection to <paramref name="node"/>, opened (with the handshake replayed) when needed.</summary>
    public NodeLink LinkFor(ClusterNode node)
    {
        lock (_sync)
        {
            if (_links.TryGetValue(node, out var link) && !link.IsDead) return link;
            link = new NodeLink(node, this, replay: Handshake.Complete, _keyspace);
            _links[node] = link;
            _primary ??= link;
            return link;
        }
    }

    /// <summary>The link that carried the handshake (or the first one opened): handshake, OPTIONS, REGISTER and system tables go there.</summary>
    public NodeLink? Primary()
    {
        lock (_sync)
        {
            if (_primary is { IsDead: false } primary) return primary;
            _primary = null;
        }
        var node = Topology.NextUp();
        return node is null ? null : LinkFor(node);
    }

    /// <summary>Links other than <paramref name="except"/> that are open now.</summary>
    public List<NodeLink> OpenLinks(NodeLink? except)
    {
        lock (_sync) return _links.Values.Where(l => l != except && !l.IsDead).ToList();
    }

    public void RememberRegister(NodeLink link, byte[] body)
    {
        lock (_sync)
        {
            _eventLink = link;
            _registerBody = body;
        }
    }

    public void OnEvent(NodeLink link, BufferLease envelope)
    {
        if (link == Volatile.Read(ref _eventLink) && !_closing) _clientWriter.Enqueue(envelope);
        else envelope.Dispose();
    }

    /// <summary>An answer from a node to a request the router sent.</summary>
    public void OnResponse(NodeLink link, PendingRequest request, BufferLease envelope)
    {
        var header = Envelopes.Header(envelope);
        switch (request.Kind)
        {
            case RequestKind.Background:
                envelope.Dispose();
                request.Release();
                return;
            case RequestKind.Reprepare:
                OnReprepared(link, request, envelope, header);
                return;
            case RequestKind.Retriable when header.Opcode == Opcode.Error && !request.Retried:
                if (ResponseInspector.UnpreparedId(envelope, this) is { } id && Topology.Prepared.TryGetValue(id, out var info))
                {
                    Reprepare(link, request, envelope, info);
                    return;
                }
                break;
            case RequestKind.Prepare when header.Opcode == Opcode.Result:
                ResponseInspector.RememberPrepared(envelope, this, request);
                break;
            case RequestKind.Use when header.Opcode == Opcode.Error:
                _keyspace = request.Text;
                break;
            case RequestKind.Startup when header.Opcode == Opcode.Ready:
            case RequestKind.AuthResponse when header.Opcode == Opcode.AuthSuccess:
                Handshake.Complete = true;
                break;
        }
        Forward(request, envelope);
    }

    private void Reprepare(NodeLink link, PendingRequest request, BufferLease unprepared, PreparedStatementInfo info)
    {
        request.HeldError = unprepared;
        Topology.CountReprepare();
        string? keyspace = Version >= ProtocolVersion.V5 ? info.Keyspace : null;
        var prepare = Envelopes.Encode(Version, false, 0, new PrepareRequest(info.Query, keyspace));
        _log.LogDebug("Cluster session: {Node} lost a prepared statement; re-preparing it there", link.Node);
        var reprepare = new PendingRequest(RequestKind.Reprepare, request.ClientStream, prepare) { Parent = request };
        if (!link.Send(reprepare))
        {
            prepare.Dispose();
            ForwardHeldError(request);
        }
    }

    private void OnReprepared(NodeLink link, PendingRequest reprepare, BufferLease envelope, FrameHeader header)
    {
        var parent = reprepare.Parent!;
        envelope.Dispose();
        if (header.Opcode != Opcode.Result || parent.RetryCopy is null)
        {
            ForwardHeldError(parent);
            return;
        }
        parent.HeldError?.Dispose();
        parent.HeldError = null;
        parent.Retried = true;
        parent.Envelope = BufferLease.CopyOf(parent.RetryCopy.Span);
        if (!link.Send(parent)) _router.Route(parent);
    }

    private void ForwardHeldError(PendingRequest request)
    {
        var error = request.HeldError!;
        request.HeldError = null;
        Forward(request, error);
    }

    /// <summary>Writes a node's answer to the client under the client's stream id (and turns v5 framing on after READY/AUTHENTICATE).</summary>
    private void Forward(PendingRequest request, BufferLease envelope)
    {
        request.Release();
        Envelopes.SetStream(envelope, request.ClientStream);
        var header = Envelopes.Header(envelope);
        bool switchNow = false;
        if (header.Version >= ProtocolVersion.V5 && header.Opcode is Opcode.Ready or Opcode.Authenticate)
        {
            lock (_sync)
            {
                switchNow = !_clientSegmented;
                _clientSegmented = true;
            }
            // Before the client can see this answer, so its first segment is parsed as one.
            if (switchNow) _clientReader.SwitchToSegments(Handshake.SegmentLz4);
        }
        _clientWriter.Enqueue(envelope, switchNow, Handshake.SegmentLz4);
    }

    /// <summary>Answers a client request with an error made by the router (exactly once, on its stream).</summary>
    public void Fail(PendingRequest request, string message)
    {
        request.Release();
        Answer(request.ClientStream, ErrorResponse.Server(message));
    }

    private void Answer(short stream, ErrorResponse error) => _clientWriter.Enqueue(Envelopes.Encode(Version, true, stream, error));

    /// <summary>A node connection ended: answer or reroute everything it held, route around the node.</summary>
    public void OnLinkLost(NodeLink link, List<PendingRequest> sent, List<PendingRequest> unsent, Exception? failure)
    {
        bool wasEvents;
        lock (_sync)
        {
            if (_links.TryGetValue(link.Node, out var current) && current == link) _links.Remove(link.Node);
            if (_primary == link) _primary = null;
            wasEvents = _eventLink == link;
            if (wasEvents) _eventLink = null;
        }
        if (failure is not null && !_closing) Topology.MarkDown(link.Node, failure.Message);
        string why = $"ScriptProxy lost the connection to cluster node {link.Node}" + (failure is null ? "" : $": {failure.Message}");
        foreach (var request in sent)
        {
            // Sent requests may have run: answering an error (never resending) keeps them at-most-once.
            if (request.Kind == RequestKind.Background) request.Release();
            else if (request.Kind == RequestKind.Reprepare) Fail(request.Parent!, why);
            else Fail(request, why);
        }
        foreach (var request in unsent)
        {
            // Never sent: safe to route elsewhere once.
            if (request.Kind == RequestKind.Background)
            {
                request.Envelope.Dispose();
                request.Release();
            }
            else if (request.Kind == RequestKind.Reprepare)
            {
                request.Envelope.Dispose();
                Fail(request.Parent!, why);
            }
            else if (!_closing && !request.Rerouted && Handshake.Complete)
            {
                request.Rerouted = true;
                _router.Route(request);
            }
            else
            {
                request.Envelope.Dispose();
                Fail(request, why);
            }
        }
        if (_closing) return;
        if (!Handshake.Complete)
        {
            // The client's handshake was on that node: this connection cannot go on (the client session answers the rest).
            _clientWriter.Complete();
            return;
        }
        if (wasEvents) _router.Reregister(_registerBody!);
    }

    /// <summary>Ends the session: closes every node connection and the answer stream.</summary>
    public async Task CloseAsync()
    {
        _closing = true;
        List<NodeLink> links;
        lock (_sync) links = [.. _links.Values];
        foreach (var link in links) await link.CloseAsync().ConfigureAwait(false);
        _clientWriter.Complete();
        if (_writing is not null)
        {
            try
            {
                await _writing.ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
            {
                // The client side is gone.
            }
        }
        if (_reading is not null) await _reading.ConfigureAwait(false);
        _clientWriter.Dispose();
    }
}
