using System.Net;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Testing;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// The cluster sink in front of a 3-node cluster with PasswordAuthenticator: the proxy's own connections (control
/// connection, probes) log in with <c>upstreamCredentials</c>; client sessions' node connections replay the client's
/// accepted login (the configured one under <c>"clientAuth": "replace"</c>, the client's own under passthrough).
/// A login that cannot work is reported (log, readiness, the client's error), never retried silently.
/// </summary>
public sealed class ClusterAuthenticationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public async Task PythonDriver_WithUpstreamCredentials_WritesAndReadsRowsOnEveryOwner(string version)
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: true);
        for (int i = 0; i < 3; i++) cluster.Nodes.Node(i).Statistics.Reset();
        await using var proxy = SecureCluster.Proxy(SecureCluster.Parse(cluster, SecureCluster.Credentials()));
        Assert.Null(await SecureCluster.ReadinessAsync(proxy.Upstream));

        // Under "replace" the driver's own login does not matter: the proxy presents its own.
        var run = await DriverProcess.PythonAsync("cluster_auth.py", TimeSpan.FromMinutes(3), "writes", SecureCluster.ProxyAddress, proxy.EndPoint.Port.ToString(), version, "anyone", "anything");
        Assert.True(run.ExitCode == 0, run.ToString());
        var keys = Enumerable.Range(0, 60).Concat(Enumerable.Range(100, 60)).ToList();
        Assert.Equal(keys.Count, run.Json.GetProperty("found").EnumerateObject().Count());
        await SecureCluster.AssertEachKeyOnlyOnItsOwnerAsync(cluster, keys);
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(cluster.Nodes.Node(i).Statistics.OwnedPartitions > 0, $"node {i} owns some keys"));
        Assert.NotNull(((ClusterUpstreamConnector)proxy.Upstream).Topology.ControlEndPoint);
    }

    [Fact]
    public async Task ControlConnectionAndProbes_LogIn_FollowingStopRestartAndAMovedControlConnection()
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: true);
        await using var proxy = SecureCluster.Proxy(SecureCluster.Parse(cluster, SecureCluster.Credentials()));
        var topology = ((ClusterUpstreamConnector)proxy.Upstream).Topology;
        await topology.StartAsync().WaitAsync(Deadline);
        await WaitForAsync(() => topology.ControlEndPoint is not null, "a control connection");
        Assert.Equal(cluster.EndPoints[0], topology.ControlEndPoint);
        var node1 = NodeAt(topology, cluster.EndPoints[1]);
        var node0 = NodeAt(topology, cluster.EndPoints[0]);

        // DOWN arrives on the logged-in control connection; UP makes a probe log in before the node counts as up.
        await cluster.StopNodeAsync(1);
        await WaitForAsync(() => !node1.IsUp, "node 1 down after StopNodeAsync");
        await cluster.RestartNodeAsync(1);
        await WaitForAsync(() => node1.IsUp, "node 1 up after RestartNodeAsync");

        // The control node stops: the control connection must log in on another node, and get the events there.
        await cluster.StopNodeAsync(0);
        await WaitForAsync(() => topology.ControlEndPoint is { } e && !e.Equals(cluster.EndPoints[0]), "the control connection on another node");
        await cluster.RestartNodeAsync(0);
        int other = cluster.EndPoints[1].Equals(topology.ControlEndPoint) ? 2 : 1;
        var otherNode = NodeAt(topology, cluster.EndPoints[other]);
        await cluster.StopNodeAsync(other);
        await WaitForAsync(() => !otherNode.IsUp, $"node {other} down, told by the moved control connection");
        await cluster.RestartNodeAsync(other);
        await WaitForAsync(() => otherNode.IsUp && node0.IsUp, $"nodes 0 and {other} up");

        // Routing still reaches every owner through logged-in node connections.
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { Credentials = new CqlCredentials("anyone", "anything") });
        var keys = SecureCluster.KeysOnEveryNode(cluster, 5000, 5);
        await SecureCluster.WriteAsync(client, keys, "after-moves");
        await SecureCluster.AssertEachKeyOnlyOnItsOwnerAsync(cluster, keys);
    }

    [Fact]
    public async Task WrongUpstreamCredentials_LoggedAsAnError_ReadinessFalse_ClientToldWhy()
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: true);
        var parsed = SecureCluster.Parse(cluster, SecureCluster.Credentials("not-the-password"));
        var logs = new CollectingLoggers();
        await using (var connector = UpstreamFactory.Create(parsed, logs))
        {
            string? problem = await SecureCluster.ReadinessAsync(connector);
            Assert.NotNull(problem);
            Assert.Contains("refused \"upstreamCredentials\" (user proxy)", problem, StringComparison.Ordinal);
            Assert.Contains(SecureCluster.File, problem, StringComparison.Ordinal);
            Assert.Contains("incorrect", problem, StringComparison.Ordinal);
            Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("cannot log in", StringComparison.Ordinal) && l.Contains("upstreamCredentials", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Lines, l => l.Contains("not-the-password", StringComparison.Ordinal));
        }

        await using var proxy = SecureCluster.Proxy(parsed);
        var run = await DriverProcess.PythonAsync("cluster_auth.py", TimeSpan.FromMinutes(2), "login", SecureCluster.ProxyAddress, proxy.EndPoint.Port.ToString(), "4", "anyone", "anything");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(run.Json.GetProperty("connected").GetBoolean(), run.ToString());
        Assert.Contains("upstreamCredentials", run.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoUpstreamCredentials_AgainstAClusterThatRequiresALogin_ReadinessSaysToSetThem()
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: true);
        var logs = new CollectingLoggers();
        await using var connector = UpstreamFactory.Create(SecureCluster.Parse(cluster, "\"clientAuth\": \"passthrough\""), logs);

        string? problem = await SecureCluster.ReadinessAsync(connector);

        Assert.NotNull(problem);
        Assert.Contains("the cluster requires authentication", problem, StringComparison.Ordinal);
        Assert.Contains($"set \"upstreamCredentials\" in {SecureCluster.File}", problem, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("requires authentication", StringComparison.Ordinal));
        // Asked again (the next readiness poll): the same answer, and the error is not logged a second time.
        Assert.Equal(problem, await SecureCluster.ReadinessAsync(connector));
        Assert.Single(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PassthroughWithUpstreamCredentials_ClientsLogInAsThemselves_TheProxyOnlyForItsOwnConnections()
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: true);
        await using var proxy = SecureCluster.Proxy(SecureCluster.Parse(cluster, "\"clientAuth\": \"passthrough\", " + SecureCluster.Credentials()));

        // A wrong client password reaches the node as it is (the proxy does not substitute its own login).
        var wrong = new CqlConnectionOptions { Credentials = SecureCluster.AppLogin with { Password = "wrong" } };
        var refused = await Assert.ThrowsAsync<CqlServerException>(() => CqlConnection.ConnectAsync(proxy.EndPoint, wrong));
        Assert.Equal(ErrorCode.AuthenticationError, refused.Code);

        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { Credentials = SecureCluster.AppLogin });
        var keys = SecureCluster.KeysOnEveryNode(cluster, 7000, 4);
        await SecureCluster.WriteAsync(client, keys, "as-app");
        await SecureCluster.AssertEachKeyOnlyOnItsOwnerAsync(cluster, keys);
    }

    private static ClusterNode NodeAt(ClusterTopology topology, IPEndPoint endPoint) => topology.Ring.Nodes.Single(n => n.EndPoint.Equals(endPoint));

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
