using ScriptProxy.Abstractions.Buffers;

namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>
/// One request routed to a node and not yet answered: where the answer goes (the client's stream id), what to do
/// with it, and what is needed to send it again (a not-yet-sent request after its node failed, or an EXECUTE after
/// Unprepared). Exactly one answer reaches the client per client request: from the node, or an error from the router.
/// </summary>
internal sealed class PendingRequest(RequestKind kind, short clientStream, BufferLease envelope)
{
    public RequestKind Kind { get; } = kind;

    /// <summary>The stream id the client used; the answer is written back with it.</summary>
    public short ClientStream { get; } = clientStream;

    /// <summary>The request envelope; the link's writer releases it once written.</summary>
    public BufferLease Envelope { get; set; } = envelope;

    /// <summary>A copy kept for a retry after Unprepared (retriable requests only); released with the request.</summary>
    public BufferLease? RetryCopy { get; set; }

    /// <summary>The routing token, when the request had one (to reroute it when its node fails before sending).</summary>
    public long? Token { get; init; }

    /// <summary>Already sent again once (after Unprepared, or rerouted): never a second time.</summary>
    public bool Retried { get; set; }

    /// <summary>Routed again after its node failed before it was sent: never a second time.</summary>
    public bool Rerouted { get; set; }

    /// <summary>USE: the keyspace before it (restored on error). PREPARE: the query text.</summary>
    public string? Text { get; init; }

    /// <summary>PREPARE: the session keyspace the statement was prepared in.</summary>
    public string? Keyspace { get; init; }

    /// <summary>For <see cref="RequestKind.Reprepare"/>: the request to retry, and the Unprepared error to forward if that fails.</summary>
    public PendingRequest? Parent { get; init; }

    public BufferLease? HeldError { get; set; }

    /// <summary>Releases what the request still owns (not <see cref="Envelope"/>, which belongs to the writer once queued).</summary>
    public void Release()
    {
        RetryCopy?.Dispose();
        RetryCopy = null;
        HeldError?.Dispose();
        HeldError = null;
    }
}
