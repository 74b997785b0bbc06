using System.Net;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Hosting;

/// <summary>
/// One slot of an <see cref="EmbeddedCluster"/>: the node's identity (address, port, host id, tokens, peers) and its
/// storage, both kept across stop and restart, and the node instance currently serving them (null while stopped).
/// </summary>
internal sealed class ClusterMember(EmbeddedNodeOptions identity, NodeStorage storage)
{
    public EmbeddedNodeOptions Identity { get; set; } = identity;

    public NodeStorage Storage { get; } = storage;

    private volatile EmbeddedNode? _running;

    /// <summary>Read by any thread (tests, the banner); written only under the cluster's membership lock or at dispose.</summary>
    public EmbeddedNode? Running
    {
        get => _running;
        set => _running = value;
    }

    public IPEndPoint EndPoint => new(Identity.ListenAddress, Identity.NativePort);

    public PeerInfo AsPeer() => new(Identity.ListenAddress, Identity.NativePort, Identity.HostId, Identity.Tokens)
    {
        DataCenter = Identity.DataCenter,
        Rack = Identity.Rack,
    };
}
