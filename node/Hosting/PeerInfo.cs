using System.Net;

namespace ScriptProxy.Node.Hosting;

/// <summary>Another node of the (local) cluster, as system.peers / peers_v2 report it.</summary>
public sealed record PeerInfo(IPAddress Address, int NativePort, Guid HostId, IReadOnlyList<string> Tokens)
{
    public string DataCenter { get; init; } = "datacenter1";

    public string Rack { get; init; } = "rack1";
}
