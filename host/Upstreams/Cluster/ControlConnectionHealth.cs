using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// Whether the topology can open a control connection: the last failure to open one on any node (a login refused, no
/// node answering), until a topology read succeeds again. Routing does not look at it (sessions keep the last ring and
/// their own node connections); readiness does, so a load balancer stops sending clients to a proxy that cannot see
/// the cluster.
/// </summary>
/// <remarks>
/// Both kinds of failure count, not only a refused login: at start either one leaves readiness false (the topology
/// cannot be read), and the single-upstream sink is not ready while its upstream refuses connections, so a cluster
/// sink that lost every node after start reports the same. A control connection that is merely lost (its node
/// stopped) does not count: the failure is recorded only when reopening it failed on every candidate node.
/// </remarks>
internal sealed class ControlConnectionHealth(ILogger log)
{
    private Exception? _failure;

    /// <summary>The failure to open a control connection, while it lasts; null when the last attempt worked.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Why readiness is false, null when the control connection works. Names the key and file when it is a login.</summary>
    public string? Problem => Failure is { } failure
        ? $"the control connection was lost and cannot be reopened (routing keeps the last ring read): {failure.Message}"
        : null;

    /// <summary>No node would take a control connection (<paramref name="error"/> says why).</summary>
    public void Failed(Exception error)
    {
        var previous = Interlocked.Exchange(ref _failure, error);
        // A refused login is already logged as an error by the control connection (once per distinct reason).
        if (previous is null && error is not ClusterAuthenticationException)
            log.LogWarning("Cluster: no node accepts a control connection ({Error}); not ready until one does", error.Message);
    }

    /// <summary>The control connection is open and the topology was read through it.</summary>
    public void Recovered()
    {
        if (Interlocked.Exchange(ref _failure, null) is { } previous)
            log.LogInformation("Cluster: the control connection works again (it failed with: {Error}); ready", previous.Message);
    }
}
