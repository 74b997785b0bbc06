using System.Net;
using ScriptProxy.Host.Operations;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// One node of the upstream cluster as discovered from system.local / system.peers(_v2). Identity and tokens are
/// immutable; only the up/down state changes, and it is read without locks on the routing path.
/// </summary>
internal sealed class ClusterNode
{
    private volatile bool _up = true;
    private long _heldDownUntil;

    public ClusterNode(Guid hostId, IPEndPoint endPoint, IReadOnlyList<long> tokens, string dataCenter, ClusterNodeMetrics? metrics = null)
    {
        HostId = hostId;
        EndPoint = endPoint;
        Tokens = tokens;
        DataCenter = dataCenter;
        Metrics = metrics;
        metrics?.SetUp(true);
    }

    public Guid HostId { get; }

    /// <summary>Where the node serves CQL (rpc_address / native_address and native port).</summary>
    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<long> Tokens { get; }

    public string DataCenter { get; }

    /// <summary>This node's series, resolved once when the node was discovered (null without metrics).</summary>
    public ClusterNodeMetrics? Metrics { get; }

    /// <summary>False after a connection failure or a DOWN event, until a probe or an UP event says otherwise.</summary>
    public bool IsUp => _up;

    /// <summary>
    /// True while a STATUS_CHANGE DOWN keeps the node down: the cluster says it is down even if its port still answers,
    /// so neither the periodic probe nor a new connection marks it up before an UP event (or the hold expires, in
    /// case the UP was missed).
    /// </summary>
    public bool IsHeldDown => Environment.TickCount64 < Interlocked.Read(ref _heldDownUntil);

    public void HoldDown(TimeSpan duration) => Interlocked.Exchange(ref _heldDownUntil, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    public void ReleaseHold() => Interlocked.Exchange(ref _heldDownUntil, 0);

    /// <summary>Sets the state; returns true when it changed (so the caller logs each transition once).</summary>
    public bool SetUp(bool up)
    {
        if (_up == up) return false;
        _up = up;
        Metrics?.SetUp(up);
        return true;
    }

    /// <summary>A request was sent to this node (an atomic add on a pre-resolved series; nothing when metrics are off).</summary>
    public void CountRouted() => Metrics?.Routed();

    public override string ToString() => EndPoint.ToString();
}
