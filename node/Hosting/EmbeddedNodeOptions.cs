using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace ScriptProxy.Node.Hosting;

/// <summary>
/// Identity of an embedded node as drivers see it through system.local and system.peers. For a local multi-node
/// cluster give each node its own <see cref="ListenAddress"/> (127.0.0.1/.2/.3), <see cref="Tokens"/> and the others
/// as <see cref="Peers"/>.
/// </summary>
public sealed record EmbeddedNodeOptions
{
    public string ClusterName { get; init; } = "ScriptProxy Cluster";

    public string DataCenter { get; init; } = "datacenter1";

    public string Rack { get; init; } = "rack1";

    /// <summary>The address reported as listen/broadcast/rpc address (also the default TCP bind address).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The native port reported to drivers; StartAsync updates it to the port actually bound.</summary>
    public int NativePort { get; init; } = 9042;

    public string ReleaseVersion { get; init; } = "4.0.11";

    public string CqlVersion { get; init; } = "3.4.5";

    public string Partitioner { get; init; } = "org.apache.cassandra.dht.Murmur3Partitioner";

    public Guid HostId { get; init; } = Guid.NewGuid();

    /// <summary>Tokens this node owns (Murmur3 tokens as text). One token means the whole ring for a single node.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = ["-9223372036854775808"];

    public IReadOnlyList<PeerInfo> Peers { get; init; } = [];

    /// <summary>
    /// Login roles. Empty (the default): no authentication, STARTUP is answered READY. Otherwise the node behaves like
    /// Cassandra with <c>authenticator: PasswordAuthenticator</c>: STARTUP is answered AUTHENTICATE, a SASL PLAIN
    /// AUTH_RESPONSE gets AUTH_SUCCESS or AuthenticationError 0x0100, and statements before that get Unauthorized 0x2100.
    /// </summary>
    public IReadOnlyList<NodeUser> Users { get; init; } = [];

    /// <summary>
    /// Server certificate (with its private key) for client TLS, like Cassandra's
    /// <c>client_encryption_options: {enabled: true, optional: false}</c>: every TCP connection must start with a TLS
    /// handshake (1.2 or 1.3, no client certificates). Null (the default): plain TCP. In-process connections are never TLS.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Largest accepted frame body (bytes).</summary>
    public int MaxFrameBodyLength { get; init; } = 256 * 1024 * 1024;
}
