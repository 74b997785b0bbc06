using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace ScriptProxy.Node.Hosting;

/// <summary>
/// Shape of a local <see cref="EmbeddedCluster"/>: <see cref="Nodes"/> nodes on consecutive loopback addresses
/// starting at <see cref="FirstAddress"/> (127.0.0.1, 127.0.0.2, ...), all on <see cref="NativePort"/>.
/// </summary>
public sealed record EmbeddedClusterOptions
{
    /// <summary>How many nodes (each gets one evenly spaced Murmur3 token).</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Address of node 0; node i listens on this address plus i in the last octet.</summary>
    public IPAddress FirstAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The native port every node listens on. 0 gives each node its own free port (for tests); peers_v2 then reports
    /// each node's real native_port (system.peers has no port column, so drivers reading only it assume the contact
    /// point's port and can reach just the node they were given).
    /// </summary>
    public int NativePort { get; init; } = 9142;

    public string ClusterName { get; init; } = "ScriptProxy Cluster";

    public string DataCenter { get; init; } = "datacenter1";

    public string Rack { get; init; } = "rack1";

    /// <summary>Login roles of every node (empty: no authentication), see <see cref="EmbeddedNodeOptions.Users"/>.</summary>
    public IReadOnlyList<NodeUser> Users { get; init; } = [];

    /// <summary>Server certificate of every node for client TLS (null: plain TCP), see <see cref="EmbeddedNodeOptions.TlsCertificate"/>.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>The address of node <paramref name="index"/>.</summary>
    public IPAddress AddressOf(int index)
    {
        var bytes = FirstAddress.GetAddressBytes();
        if (bytes.Length != 4) throw new NotSupportedException("An embedded cluster needs an IPv4 first address");
        int last = bytes[3] + index;
        if (last > 254) throw new ArgumentOutOfRangeException(nameof(index), $"{FirstAddress} + {index} leaves the /24");
        bytes[3] = (byte)last;
        return new IPAddress(bytes);
    }
}
