using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Upstreams.Cluster.Wire;

namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>The few answers the router reads: Unprepared errors (to re-prepare) and PREPARED results (to route EXECUTE).</summary>
internal static class ResponseInspector
{
    /// <summary>The prepared id (hex) of an Unprepared error, or null for any other answer.</summary>
    public static string? UnpreparedId(BufferLease envelope, ClusterSession session)
    {
        var header = Envelopes.Header(envelope);
        if (header.Opcode != Opcode.Error) return null;
        var body = Envelopes.Body(envelope, session.Handshake.BodyCompressor, session.MaxBodyLength, out var owned);
        using (owned)
        {
            try
            {
                if (MessageCodec.DecodeResponse(header, body, out _) is ErrorResponse { Code: ErrorCode.Unprepared, Details: UnpreparedDetails details })
                    return Convert.ToHexString(details.QueryId.Span);
            }
            catch (CqlProtocolException)
            {
                // Not readable: forwarded as it is.
            }
            return null;
        }
    }

    /// <summary>Remembers a PREPARED answer's id with the statement text, keyspace and partition key indexes.</summary>
    public static void RememberPrepared(BufferLease envelope, ClusterSession session, PendingRequest request)
    {
        var header = Envelopes.Header(envelope);
        var body = Envelopes.Body(envelope, session.Handshake.BodyCompressor, session.MaxBodyLength, out var owned);
        using (owned)
        {
            try
            {
                if (MessageCodec.DecodeResponse(header, body, out _) is PreparedResult prepared)
                {
                    var info = new PreparedStatementInfo(request.Text!, request.Keyspace, prepared.Variables.PartitionKeyIndexes ?? []);
                    session.Topology.Prepared[Convert.ToHexString(prepared.Id.Span)] = info;
                }
            }
            catch (CqlProtocolException)
            {
                // Not readable: the statement simply routes round robin.
            }
        }
    }
}
