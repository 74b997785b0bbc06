using System.Net;
using System.Security.Cryptography.X509Certificates;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Client;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams;
using ScriptProxy.Node.Hosting;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// The 3-node test cluster with logins (PasswordAuthenticator) and/or TLS, and the cluster sink configured for it from
/// proxy.json text by the real <see cref="ConfigLoader"/> (so the tests go through the documented keys). The file sits
/// in the test certificates' folder, where relative CA paths would resolve.
/// </summary>
internal static class SecureCluster
{
    /// <summary>Where the proxy listens for driver tests: the driver knows only this address, never a node's.</summary>
    public const string ProxyAddress = "127.0.0.10";

    public const string Table = "CREATE TABLE IF NOT EXISTS ks.kv (k int PRIMARY KEY, v text)";

    /// <summary>The proxy's own login (<c>upstreamCredentials</c>); also what the tests' direct connections use.</summary>
    public static readonly CqlCredentials ProxyLogin = new("proxy", "proxy-secret");

    /// <summary>An application's login, for passthrough.</summary>
    public static readonly CqlCredentials AppLogin = new("app", "app-secret");

    public static string File => Path.Combine(TestCertificates.Instance.Folder, "cluster-proxy.json");

    /// <summary>The cluster with ks.kv: logins for <see cref="ProxyLogin"/> and <see cref="AppLogin"/> when <paramref name="withLogin"/>; TLS only with <paramref name="tls"/>.</summary>
    public static Task<LocalCluster> StartAsync(bool withLogin, X509Certificate2? tls = null) =>
        LocalCluster.StartAsync(
            new EmbeddedClusterOptions
            {
                Nodes = 3,
                NativePort = 0,
                TlsCertificate = tls,
                Users = withLogin ? [new NodeUser(ProxyLogin.Username, ProxyLogin.Password), new NodeUser(AppLogin.Username, AppLogin.Password)] : [],
            },
            new CqlConnectionOptions
            {
                Tls = tls is null ? null : TestCertificates.ClientOptions(TestCertificates.Instance.Ca),
                Credentials = withLogin ? ProxyLogin : null,
            },
            Table);

    /// <summary>The cluster sink on node 0 of <paramref name="cluster"/>, plus <paramref name="members"/> (JSON members, e.g. "upstreamCredentials": ...).</summary>
    public static ProxyConfig Parse(LocalCluster cluster, string members) =>
        ConfigLoader.Parse($"{{\"upstream\": {{\"contactPoints\": [\"{cluster.EndPoints[0]}\"]}}, \"connectTimeoutSeconds\": 15, {members}}}", File);

    /// <summary>The proxy for <paramref name="parsed"/>, listening on <see cref="ProxyAddress"/> with a free port.</summary>
    public static ProxyHarness Proxy(ProxyConfig parsed) =>
        ProxyHarness.Cluster(parsed.Upstream.ContactPoints!, c => c with
        {
            Listeners = [new ListenerConfig(IPAddress.Parse(ProxyAddress), 0)],
            Source = parsed.Source,
            ConnectTimeout = parsed.ConnectTimeout,
            UpstreamTls = parsed.UpstreamTls,
            UpstreamCredentials = parsed.UpstreamCredentials,
            ClientAuth = parsed.ClientAuth,
        });

    /// <summary>The <c>upstreamCredentials</c> member for <see cref="ProxyLogin"/>'s user with <paramref name="password"/>.</summary>
    public static string Credentials(string? password = null) =>
        $"\"upstreamCredentials\": {{\"username\": {TlsConfigs.Quote(ProxyLogin.Username)}, \"password\": {TlsConfigs.Quote(password ?? ProxyLogin.Password)}}}";

    /// <summary>What /health/ready says about the upstream (null: ready).</summary>
    public static async Task<string?> ReadinessAsync(IUpstreamConnector connector)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await new UpstreamReadinessCheck(connector).CheckAsync(limit.Token);
    }

    /// <summary>Every key of <paramref name="keys"/> is stored on its owner and on no other node (read from each node directly).</summary>
    public static async Task AssertEachKeyOnlyOnItsOwnerAsync(LocalCluster cluster, IReadOnlyList<int> keys)
    {
        for (int node = 0; node < 3; node++)
        {
            int n = node;
            var stored = await cluster.ReadAsync(node, "SELECT k FROM ks.kv", (rows, r) => (int)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(r, 0).Bytes.Span, 4)!);
            Assert.Equal(keys.Where(k => cluster.OwnerOfInt(k) == n).Order(), stored.Intersect(keys).Order());
            Assert.Equal(0, cluster.Nodes.Node(node).Statistics.ForeignPartitions);
        }
    }

    /// <summary><paramref name="perNode"/> keys from <paramref name="from"/> on owned by each of the 3 nodes.</summary>
    public static List<int> KeysOnEveryNode(LocalCluster cluster, int from, int perNode) =>
        Enumerable.Range(0, 3).SelectMany(n => Enumerable.Range(from, 300).Where(k => cluster.OwnerOfInt(k) == n).Take(perNode)).ToList();

    /// <summary>Prepares an insert through <paramref name="client"/> and writes every key of <paramref name="keys"/>.</summary>
    public static async Task WriteAsync(CqlConnection client, IEnumerable<int> keys, string value)
    {
        var insert = await client.PrepareAsync("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
        foreach (int k in keys) await client.ExecuteAsync(insert, k, value);
    }
}
