using ScriptProxy.Client;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams.Cluster;
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
    private static readonly TestCertificates Certs = TestCertificates.Instance;

    private static string UpstreamTls(string ca, string? serverName = null) =>
        $"\"upstreamTls\": {{\"caCertificate\": {TlsConfigs.Quote(ca)}" + (serverName is null ? "" : $", \"serverName\": {TlsConfigs.Quote(serverName)}") + "}";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PythonDriver_ThroughUpstreamTls_WritesAndReadsRowsOnEveryOwner(bool withLogin)
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin, ClusterTlsCertificates.Nodes);
        for (int i = 0; i < 3; i++) cluster.Nodes.Node(i).Statistics.Reset();
        // No serverName: each node's certificate must name the node's own address.
        string keys = UpstreamTls(Certs.CaPem) + (withLogin ? ", " + SecureCluster.Credentials() : "");
        await using var proxy = SecureCluster.Proxy(SecureCluster.Parse(cluster, keys));
        Assert.Null(await SecureCluster.ReadinessAsync(proxy.Upstream));
        Assert.EndsWith("(TLS)", proxy.Upstream.Description, StringComparison.Ordinal);

        var run = await DriverProcess.PythonAsync("cluster_auth.py", TimeSpan.FromMinutes(3), "writes", SecureCluster.ProxyAddress, proxy.EndPoint.Port.ToString(), "4", "anyone", "anything");
        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = Enumerable.Range(0, 60).Concat(Enumerable.Range(100, 60)).ToList();
        Assert.Equal(expected.Count, run.Json.GetProperty("found").EnumerateObject().Count());
        await SecureCluster.AssertEachKeyOnlyOnItsOwnerAsync(cluster, expected);
    }

    [Fact]
    public async Task ServerName_OneNameForEveryNode_RoutesToAllThree()
    {
        // The shared test leaf names 127.0.0.1 and localhost only: nodes 2 and 3 are reachable only through serverName.
        await using var cluster = await SecureCluster.StartAsync(withLogin: false, Certs.Leaf);
        await using var proxy = SecureCluster.Proxy(SecureCluster.Parse(cluster, UpstreamTls(Certs.CaPem, "localhost")));

        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint);
        var written = SecureCluster.KeysOnEveryNode(cluster, 0, 4);
        await SecureCluster.WriteAsync(client, written, "tls");

        await SecureCluster.AssertEachKeyOnlyOnItsOwnerAsync(cluster, written);
        Assert.All(((ClusterUpstreamConnector)proxy.Upstream).Topology.Ring.Nodes, n => Assert.True(n.IsUp, n.ToString()));
    }

    [Fact]
    public async Task UntrustedNodeCertificate_ReadinessFalseNamingTheCertificate_ClientGetsAnError()
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: false, ClusterTlsCertificates.Nodes);
        await using var proxy = SecureCluster.Proxy(SecureCluster.Parse(cluster, UpstreamTls(Certs.OtherCaPem)));

        string? problem = await SecureCluster.ReadinessAsync(proxy.Upstream);
        Assert.NotNull(problem);
        Assert.Contains("certificate", problem, StringComparison.OrdinalIgnoreCase);

        var refused = await Assert.ThrowsAsync<CqlServerException>(() => CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(30) }));
        Assert.Contains("cannot reach upstream", refused.Message, StringComparison.Ordinal);
    }
}
