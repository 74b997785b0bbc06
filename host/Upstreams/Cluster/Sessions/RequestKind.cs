namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>What the router must do with the answer to a request it sent to a node.</summary>
internal enum RequestKind
{
    /// <summary>Forward the answer to the client as it is.</summary>
    Forward,

    /// <summary>The client's STARTUP: READY (or AUTHENTICATE then AUTH_SUCCESS) completes the handshake.</summary>
    Startup,

    /// <summary>The client's AUTH_RESPONSE: AUTH_SUCCESS completes the handshake.</summary>
    AuthResponse,

    /// <summary>The client's USE: an error restores the previous keyspace.</summary>
    Use,

    /// <summary>The client's PREPARE: a PREPARED answer is remembered (text, keyspace, pk indexes).</summary>
    Prepare,

    /// <summary>EXECUTE or BATCH: Unprepared is answered by re-preparing on that node and retrying once.</summary>
    Retriable,

    /// <summary>The router's own PREPARE for a retriable request that met Unprepared.</summary>
    Reprepare,

    /// <summary>The router's own request (PREPARE on other nodes, USE on other connections): the answer is dropped.</summary>
    Background,
}
