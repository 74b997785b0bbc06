using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Node.Hosting;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// Readiness of the cluster sink after a successful start, when the control connection is lost and cannot be reopened:
/// the proxy's login refused (a password rotated on the cluster) or no node answering. Sessions still open then (they
/// route on the last ring), so readiness must say so itself, and become true again once the control connection works.
/// The embedded nodes' logins are fixed while they run: a rotation is every node stopped and restarted with another
/// password, as an operator changing it cluster-wide during a restart would.
/// </summary>
public sealed class ClusterLostSightTests
{
    // Generous: the machine is small and shared; each of these normally takes about a second.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private const string RotatedPassword = "rotated-secret";

    [Fact]
    public async Task PasswordRotatedAfterStart_ReadinessFalseNamingTheKeyFileAndUser_TrueAgainWhenTheLoginWorks()
    {
        await using var cluster = await SecureCluster.StartAsync(withLogin: true);
        var logs = new CollectingLoggers();
        await using var connector = UpstreamFactory.Create(SecureCluster.Parse(cluster, SecureCluster.Credentials()), logs);
        var topology = ((ClusterUpstreamConnector)connector).Topology;
        Assert.Null(await SecureCluster.ReadinessAsync(connector));
        await WaitForAsync(() => topology.ControlEndPoint is not null && topology.Ring.Nodes.Count == 3, "the control connection and 3 nodes");

        NodeUser[] original = [new(SecureCluster.ProxyLogin.Username, SecureCluster.ProxyLogin.Password), new(SecureCluster.AppLogin.Username, SecureCluster.AppLogin.Password)];
        NodeUser[] rotated = [new(SecureCluster.ProxyLogin.Username, RotatedPassword), original[1]];
        await RestartEveryNodeAsync(cluster, rotated);

        string problem = (await WaitForReadinessAsync(connector, p => p is not null && p.Contains("upstreamCredentials", StringComparison.Ordinal), "readiness naming upstreamCredentials", logs))!;
        Assert.Contains("control connection", problem, StringComparison.Ordinal);
        Assert.Contains($"refused \"upstreamCredentials\" (user {SecureCluster.ProxyLogin.Username}) of {SecureCluster.File}", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(SecureCluster.ProxyLogin.Password, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(RotatedPassword, problem, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("cannot log in", StringComparison.Ordinal) && l.Contains("upstreamCredentials", StringComparison.Ordinal));
        // Routing keeps the ring it had: the nodes are still known, only the sight of them is lost.
        Assert.Equal(3, topology.Ring.Nodes.Count);
        // Still not ready on the next poll (the failure is remembered between reconnect attempts, not a one-off).
        Assert.NotNull(await SecureCluster.ReadinessAsync(connector));

        await RestartEveryNodeAsync(cluster, original);

        await WaitForReadinessAsync(connector, p => p is null, "readiness true after the original password is back", logs);
        Assert.Contains(logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("control connection works again", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(SecureCluster.ProxyLogin.Password, StringComparison.Ordinal) || l.Contains(RotatedPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryNodeDownAfterStart_ReadinessFalseAsAtStart_TrueAgainWhenANodeAnswers()
    {
        await using var cluster = await LocalCluster.StartAsync();
        var logs = new CollectingLoggers();
        await using var connector = new ClusterUpstreamConnector([cluster.EndPoints[0]], TimeSpan.FromSeconds(15), 256 * 1024 * 1024, logs);
        var topology = connector.Topology;
        Assert.Null(await SecureCluster.ReadinessAsync(connector));
        await WaitForAsync(() => topology.ControlEndPoint is not null && topology.Ring.Nodes.Count == 3, "the control connection and 3 nodes");

        // One node stopping (the control node) is not a lost sight: the control connection moves and readiness holds.
        await cluster.StopNodeAsync(0);
        await WaitForAsync(() => topology.ControlEndPoint is { } e && !e.Equals(cluster.EndPoints[0]), "the control connection on another node");
        Assert.Null(await SecureCluster.ReadinessAsync(connector));

        await cluster.StopNodeAsync(1);
        await cluster.StopNodeAsync(2);
        string problem = (await WaitForReadinessAsync(connector, p => p is not null, "readiness false with every node down", logs))!;
        Assert.Contains("control connection", problem, StringComparison.Ordinal);
        Assert.Contains("No contact point answered", problem, StringComparison.Ordinal);
        Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("no node accepts a control connection", StringComparison.Ordinal));

        await cluster.RestartNodeAsync(0);
        await WaitForReadinessAsync(connector, p => p is null, "readiness true with node 0 back", logs);
        await cluster.RestartNodeAsync(1);
        await cluster.RestartNodeAsync(2);
    }

    private static async Task RestartEveryNodeAsync(LocalCluster cluster, IReadOnlyList<NodeUser> users)
    {
        for (int i = 0; i < 3; i++) await cluster.StopNodeAsync(i);
        for (int i = 0; i < 3; i++) await cluster.RestartNodeAsync(i, users);
    }

    /// <summary>Polls readiness until <paramref name="wanted"/> holds; returns that answer.</summary>
    private static async Task<string?> WaitForReadinessAsync(IUpstreamConnector connector, Func<string?, bool> wanted, string what, CollectingLoggers logs)
    {
        var deadline = DateTime.UtcNow + Deadline;
        string? last;
        while (!wanted(last = await SecureCluster.ReadinessAsync(connector)))
        {
            // The topology's own log says what it tried (debug lines included): the first thing to read if this ever fails.
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}; readiness last said: {last ?? "ready"}; log:\n{string.Join("\n", logs.Lines.TakeLast(40))}");
            await Task.Delay(100);
        }
        return last;
    }

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
