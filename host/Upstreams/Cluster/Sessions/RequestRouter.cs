using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Upstreams.Cluster.Routing;
using ScriptProxy.Host.Upstreams.Cluster.Wire;

namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>
/// Decides where each client request goes. Until the handshake completes everything goes to the primary link (the
/// first node). Then: EXECUTE by the token of its partition key values (indexes from PREPARED); QUERY by the token of
/// its literal partition key (table key from system_schema); BATCH by its first statement; PREPARE round robin and to
/// every other up node in the background; USE to the primary and every open link; system tables, OPTIONS and
/// REGISTER to the primary; the rest round robin over up nodes. A request for a down owner goes to the next node up
/// on the ring.
/// </summary>
internal sealed class RequestRouter(ClusterSession session)
{
    private static readonly string[] SystemKeyspaces = ["system", "system_schema", "system_virtual_schema", "system_auth", "system_distributed", "system_traces", "system_views"];

    public async ValueTask DispatchAsync(BufferLease envelope)
    {
        var header = Envelopes.Header(envelope);
        var handshake = session.Handshake;
        switch (header.Opcode)
        {
            case Opcode.Startup:
            {
                var body = envelope.Span[FrameHeader.Size..].ToArray();
                var reader = new CqlReader(body);
                handshake.RecordStartup(header.Version, body, StartupRequest.Read(ref reader, header.Version).Compression);
                ToPrimary(new PendingRequest(RequestKind.Startup, header.Stream, envelope));
                return;
            }
            case Opcode.AuthResponse:
                handshake.RecordAuthResponse(Body(envelope));
                ToPrimary(new PendingRequest(RequestKind.AuthResponse, header.Stream, envelope));
                return;
            case Opcode.Register:
            {
                // Read before sending: once queued, the envelope belongs to the node connection's writer.
                var body = Body(envelope);
                var link = ToPrimary(new PendingRequest(RequestKind.Forward, header.Stream, envelope));
                if (link is not null) session.RememberRegister(link, body);
                return;
            }
        }
        if (!handshake.Complete || header.Opcode == Opcode.Options)
        {
            ToPrimary(new PendingRequest(RequestKind.Forward, header.Stream, envelope));
            return;
        }
        switch (header.Opcode)
        {
            case Opcode.Query:
                await RouteQueryAsync(envelope, header).ConfigureAwait(false);
                return;
            case Opcode.Prepare:
                RoutePrepare(envelope, header);
                return;
            case Opcode.Execute:
                RouteExecute(envelope, header);
                return;
            case Opcode.Batch:
                await RouteBatchAsync(envelope, header).ConfigureAwait(false);
                return;
            default:
                Route(new PendingRequest(RequestKind.Forward, header.Stream, envelope));
                return;
        }
    }

    private async ValueTask RouteQueryAsync(BufferLease envelope, FrameHeader header)
    {
        var query = (QueryRequest)Decode(envelope, header);
        if (StatementKeyParser.TryParseUse(query.Query) is { } keyspace)
        {
            Use(envelope, header, keyspace, query.Query);
            return;
        }
        var statement = StatementKeyParser.TryParse(query.Query);
        string? ks = statement?.Keyspace ?? query.Parameters.Keyspace ?? session.Keyspace;
        if (statement is not null && ks is not null && Array.IndexOf(SystemKeyspaces, ks) >= 0)
        {
            // Node-local tables: one node per session keeps system.local/peers answers consistent for the driver.
            ToPrimary(new PendingRequest(RequestKind.Forward, header.Stream, envelope));
            return;
        }
        long? token = statement is not null && ks is not null ? await TokenOfAsync(ks, statement).ConfigureAwait(false) : null;
        Route(new PendingRequest(RequestKind.Forward, header.Stream, envelope) { Token = token });
    }

    private async ValueTask<long?> TokenOfAsync(string keyspace, StatementKey statement)
    {
        if (statement.Literals.Count == 0) return null;
        var key = await session.Topology.TableKeyAsync(keyspace, statement.Table).ConfigureAwait(false);
        return key?.TokenOf(statement);
    }

    private void Use(BufferLease envelope, FrameHeader header, string keyspace, string text)
    {
        string? previous = session.Keyspace;
        session.Keyspace = keyspace;
        var link = ToPrimary(new PendingRequest(RequestKind.Use, header.Stream, envelope) { Text = previous });
        // Every other open connection of this session switches too, ahead of anything routed after this USE.
        foreach (var other in session.OpenLinks(link))
        {
            var use = Envelopes.Encode(session.Version, false, 0, new QueryRequest(text));
            if (!other.Send(new PendingRequest(RequestKind.Background, 0, use))) use.Dispose();
        }
    }

    private void RoutePrepare(BufferLease envelope, FrameHeader header)
    {
        var prepare = (PrepareRequest)Decode(envelope, header);
        var copy = BufferLease.CopyOf(envelope.Span);
        var chosen = Route(new PendingRequest(RequestKind.Prepare, header.Stream, envelope) { Text = prepare.Query, Keyspace = prepare.Keyspace ?? session.Keyspace });
        // Prepare everywhere now so the first EXECUTE on another node does not pay a round trip for Unprepared.
        foreach (var node in session.Topology.Ring.Nodes)
        {
            if (!node.IsUp || node == chosen?.Node) continue;
            var background = BufferLease.CopyOf(copy.Span);
            if (!session.LinkFor(node).Send(new PendingRequest(RequestKind.Background, 0, background))) background.Dispose();
        }
        copy.Dispose();
    }

    private void RouteExecute(BufferLease envelope, FrameHeader header)
    {
        var execute = (ExecuteRequest)Decode(envelope, header);
        long? token = TokenOf(execute.QueryId.Span, execute.Parameters.Values);
        Route(new PendingRequest(RequestKind.Retriable, header.Stream, envelope) { Token = token, RetryCopy = BufferLease.CopyOf(envelope.Span) });
    }

    private async ValueTask RouteBatchAsync(BufferLease envelope, FrameHeader header)
    {
        var batch = (BatchRequest)Decode(envelope, header);
        long? token = null;
        if (batch.Statements.Count > 0)
        {
            var first = batch.Statements[0];
            if (first.PreparedId is { } id) token = TokenOf(id.Span, first.Values);
            else if (StatementKeyParser.TryParse(first.Query!) is { } statement && (statement.Keyspace ?? batch.Keyspace ?? session.Keyspace) is { } ks)
                token = await TokenOfAsync(ks, statement).ConfigureAwait(false);
        }
        Route(new PendingRequest(RequestKind.Retriable, header.Stream, envelope) { Token = token, RetryCopy = BufferLease.CopyOf(envelope.Span) });
    }

    private long? TokenOf(ReadOnlySpan<byte> preparedId, IReadOnlyList<CqlValueSlice>? values)
    {
        if (values is null || !session.Topology.Prepared.TryGetValue(Convert.ToHexString(preparedId), out var info)) return null;
        var indexes = info.PartitionKeyIndexes;
        if (indexes.Count == 0) return null;
        var components = new ReadOnlyMemory<byte>[indexes.Count];
        for (int i = 0; i < indexes.Count; i++)
        {
            if (indexes[i] >= values.Count || !values[indexes[i]].HasBytes) return null;
            components[i] = values[indexes[i]].Bytes;
        }
        return PartitionKeyToken.Of(components);
    }

    /// <summary>
    /// Sends to the first up node on the ring from the request's token (round robin without one); a dead link is
    /// replaced once. Answers the request with an error when no node is up. Returns the link used.
    /// </summary>
    public NodeLink? Route(PendingRequest request)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var node = request.Token is { } token ? session.Topology.Ring.FirstUp(token) : session.Topology.NextUp();
            if (node is null) break;
            var link = session.LinkFor(node);
            if (link.Send(request))
            {
                node.CountRouted();
                return link;
            }
        }
        request.Envelope.Dispose();
        session.Fail(request, "ScriptProxy: no cluster node is up");
        return null;
    }

    private NodeLink? ToPrimary(PendingRequest request)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var link = session.Primary();
            if (link is null) break;
            if (link.Send(request))
            {
                link.Node.CountRouted();
                return link;
            }
        }
        request.Envelope.Dispose();
        session.Fail(request, "ScriptProxy: no cluster node is up");
        return null;
    }

    /// <summary>The link that carried REGISTER died: register on another so events keep coming.</summary>
    public void Reregister(byte[] body)
    {
        var register = Envelopes.Request(session.Version, 0, Opcode.Register, body);
        var link = session.Primary();
        if (link is not null && link.Send(new PendingRequest(RequestKind.Background, 0, register))) session.RememberRegister(link, body);
        else register.Dispose();
    }

    private IRequest Decode(BufferLease envelope, FrameHeader header)
    {
        var body = Envelopes.Body(envelope, session.Handshake.BodyCompressor, session.MaxBodyLength, out var owned);
        // Views into a decompressed copy must outlive this call: copy the body once in that (compressed) case.
        if (owned is not null)
        {
            var bytes = owned.Span.ToArray();
            owned.Dispose();
            body = bytes;
        }
        return MessageCodec.DecodeRequest(header, body, out _);
    }

    private byte[] Body(BufferLease envelope)
    {
        var body = Envelopes.Body(envelope, session.Handshake.BodyCompressor, session.MaxBodyLength, out var owned);
        using (owned) return body.ToArray();
    }
}
