using System.Security.Cryptography.X509Certificates;
using ScriptProxy.Client;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// The cluster sink in front of a 3-node cluster that accepts TLS only (like Cassandra with
/// <c>client_encryption_options: {enabled: true, optional: false}</c>): control connection, probes and every node
/// connection speak TLS with the <c>upstreamTls</c> settings, each node checked against its own address (or
/// <c>serverName</c>) and the configured CA, as on the single-upstream path.
/// </summary>
public sealed class ClusterTlsTests
{
    private const string Table = "CREATE TABLE IF NOT EXISTS ks.kv (k int PRIMARY KEY, v text)";
    private static readonly TestCertificates Certs = TestCertificates.Instance;
    private static readonly CqlCredentials ProxyLogin = new("proxy", "proxy-secret");

    private static Task<LocalCluster> StartClusterAsync(X509Certificate2 certificate, bool withLogin) =>
        LocalCluster.StartAsync(
            new EmbeddedClusterOptions { Nodes = 3, NativePort = 0, TlsCertificate = certificate, Users = withLogin ? [new NodeUser(ProxyLogin.Username, ProxyLogin.Password)] : [] },
            new CqlConnectionOptions { Tls = TestCertificates.ClientOptions(Certs.Ca), Credentials = withLogin ? ProxyLogin : null },
            Table);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PythonDriver_ThroughUpstreamTls_WritesAndReadsRowsOnEveryOwner(bool withLogin)
    {
        await using var cluster = await StartClusterAsync(ClusterTlsCertificates.Nodes, withLogin);
        for (int i = 0; i < 3; i++) cluster.Nodes.Node(i).Statistics.Reset();
        // No serverName: each node's certificate must name the node's own address.
        string keys = $"\"upstreamTls\": {{\"caCertificate\": {TlsConfigs.Quote(Certs.CaPem)}}}" +
            (withLogin ? ", " + SecureClusterConfig.Credentials(ProxyLogin.Username, ProxyLogin.Password) : "");
        await using var proxy = SecureClusterConfig.Proxy(SecureClusterConfig.Parse(cluster, keys));
        Assert.Null(await ClusterAuthenticationTests.ReadinessAsync(proxy.Upstream));
        Assert.EndsWith("(TLS)", proxy.Upstream.Description, StringComparison.Ordinal);

        var run = await DriverProcess.PythonAsync("cluster_auth.py", TimeSpan.FromMinutes(3), "writes", SecureClusterConfig.ProxyAddress, proxy.EndPoint.Port.ToString(), "4", "anyone", "anything");
        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = Enumerable.Range(0, 60).Concat(Enumerable.Range(100, 60)).ToList();
        Assert.Equal(expected.Count, run.Json.GetProperty("found").EnumerateObject().Count());
        for (int node = 0; node < 3; node++)
        {
            int n = node;
            var stored = await cluster.ReadAsync(node, "SELECT k FROM ks.kv", ClusterAuthenticationTests.IntAt0);
            Assert.Equal(expected.Where(k => cluster.OwnerOfInt(k) == n).Order(), stored.Order());
            Assert.Equal(0, cluster.Nodes.Node(node).Statistics.ForeignPartitions);
        }
    }

    [Fact]
    public async Task ServerName_OneNameForEveryNode_RoutesToAllThree()
    {
        // The shared test leaf names 127.0.0.1 and localhost only: nodes 2 and 3 are reachable only through serverName.
        await using var cluster = await StartClusterAsync(Certs.Leaf, withLogin: false);
        string keys = $"\"upstreamTls\": {{\"caCertificate\": {TlsConfigs.Quote(Certs.CaPem)}, \"serverName\": \"localhost\"}}";
        await using var proxy = SecureClusterConfig.Proxy(SecureClusterConfig.Parse(cluster, keys));

        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint);
        var insert = await client.PrepareAsync("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
        var written = Enumerable.Range(0, 3).SelectMany(n => Enumerable.Range(0, 300).Where(k => cluster.OwnerOfInt(k) == n).Take(4)).ToList();
        foreach (int k in written) await client.ExecuteAsync(insert, k, "tls");

        for (int node = 0; node < 3; node++)
        {
            int n = node;
            var stored = await cluster.ReadAsync(node, "SELECT k FROM ks.kv", ClusterAuthenticationTests.IntAt0);
            Assert.Equal(written.Where(k => cluster.OwnerOfInt(k) == n).Order(), stored.Order());
        }
        Assert.All(((ClusterUpstreamConnector)proxy.Upstream).Topology.Ring.Nodes, n => Assert.True(n.IsUp, n.ToString()));
    }

    [Fact]
    public async Task UntrustedNodeCertificate_ReadinessFalseNamingTheCertificate_ClientGetsAnError()
    {
        await using var cluster = await StartClusterAsync(ClusterTlsCertificates.Nodes, withLogin: false);
        var parsed = SecureClusterConfig.Parse(cluster, $"\"upstreamTls\": {{\"caCertificate\": {TlsConfigs.Quote(Certs.OtherCaPem)}}}");
        await using var proxy = SecureClusterConfig.Proxy(parsed);

        string? problem = await ClusterAuthenticationTests.ReadinessAsync(proxy.Upstream);
        Assert.NotNull(problem);
        Assert.Contains("certificate", problem, StringComparison.OrdinalIgnoreCase);

        var refused = await Assert.ThrowsAsync<CqlServerException>(() => CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(30) }));
        Assert.Contains("cannot reach upstream", refused.Message, StringComparison.Ordinal);
    }
}
