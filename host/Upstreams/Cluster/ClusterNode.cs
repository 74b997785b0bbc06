using System.Net;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// One node of the upstream cluster as discovered from system.local / system.peers(_v2). Identity and tokens are
/// immutable; only the up/down state changes, and it is read without locks on the routing path.
/// </summary>
internal sealed class ClusterNode(Guid hostId, IPEndPoint endPoint, IReadOnlyList<long> tokens, string dataCenter)
{
    private volatile bool _up = true;

    public Guid HostId { get; } = hostId;

    /// <summary>Where the node serves CQL (rpc_address / native_address and native port).</summary>
    public IPEndPoint EndPoint { get; } = endPoint;

    public IReadOnlyList<long> Tokens { get; } = tokens;

    public string DataCenter { get; } = dataCenter;

    /// <summary>False after a connection failure or a DOWN event, until a probe or an UP event says otherwise.</summary>
    public bool IsUp => _up;

    /// <summary>Sets the state; returns true when it changed (so the caller logs each transition once).</summary>
    public bool SetUp(bool up)
    {
        if (_up == up) return false;
        _up = up;
        return true;
    }

    public override string ToString() => EndPoint.ToString();
}
