using System.Net;
using System.Text;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Testing;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// The real DataStax Python driver through one proxy in front of three embedded nodes (127.0.0.1/.2/.3). The driver
/// only knows the proxy (127.0.0.10); where a row lands is read back from each node directly.
/// </summary>
public sealed class ClusterWithPythonDriverTests
{
    private const string ProxyAddress = "127.0.0.10";

    private static readonly string[] Schema =
    [
        "CREATE TABLE IF NOT EXISTS ks.kv (k int PRIMARY KEY, v text)",
        "CREATE TABLE IF NOT EXISTS ks.comp (a int, b text, c int, v text, PRIMARY KEY ((a, b), c))",
        "CREATE KEYSPACE IF NOT EXISTS ks2 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
        "CREATE TABLE IF NOT EXISTS ks2.kv (k int PRIMARY KEY, v text)",
    ];

    private static ProxyHarness Proxy(LocalCluster cluster) =>
        ProxyHarness.Cluster([cluster.EndPoints[0]], c => c with { Listeners = [new ListenerConfig(IPAddress.Parse(ProxyAddress), 0)] });

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public async Task Writes_LandOnTheOwnerNode_AndUseStaysPerSession(string version)
    {
        await using var cluster = await LocalCluster.StartAsync(Schema);
        await using var proxy = Proxy(cluster);
        var run = await DriverProcess.PythonAsync("cluster.py", TimeSpan.FromMinutes(3), "writes", ProxyAddress, proxy.EndPoint.Port.ToString(), version);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(60, run.Json.GetProperty("found").GetInt32());

        var kvKeys = Enumerable.Range(0, 60).Concat(Enumerable.Range(100, 60)).Concat(Enumerable.Range(2000, 20)).ToList();
        var ks2Keys = Enumerable.Range(1000, 20).Concat(Enumerable.Range(3000, 20)).ToList();
        var compKeys = Enumerable.Range(0, 30).Select(a => (a, $"x{a}")).Concat(Enumerable.Range(100, 30).Select(a => (a, $"y{a}"))).ToList();
        for (int node = 0; node < 3; node++)
        {
            int n = node;
            var kv = await cluster.ReadAsync(node, "SELECT k FROM ks.kv", IntAt0);
            Assert.Equal(kvKeys.Where(k => cluster.OwnerOfInt(k) == n).Order(), kv.Order());
            var ks2 = await cluster.ReadAsync(node, "SELECT k FROM ks2.kv", IntAt0);
            Assert.Equal(ks2Keys.Where(k => cluster.OwnerOfInt(k) == n).Order(), ks2.Order());
            var comp = await cluster.ReadAsync(node, "SELECT a, b FROM ks.comp", (rows, r) => (IntAt0(rows, r), Encoding.UTF8.GetString(rows.GetCell(r, 1).Bytes.Span)));
            Assert.Equal(compKeys.Where(k => OwnerOfComposite(cluster, k.Item1, k.Item2) == n).Order(), comp.Order());
        }
    }

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public async Task Writes_OnTheEmbeddedCluster_EveryPartitionReachesItsOwner_ByThePerNodeCounters(string version)
    {
        await using var cluster = await LocalCluster.StartAsync(Schema);
        for (int i = 0; i < 3; i++) cluster.Nodes.Node(i).Statistics.Reset();
        await using var proxy = Proxy(cluster);
        var run = await DriverProcess.PythonAsync("cluster.py", TimeSpan.FromMinutes(3), "writes", ProxyAddress, proxy.EndPoint.Port.ToString(), version);
        Assert.True(run.ExitCode == 0, run.ToString());
        var statistics = Enumerable.Range(0, 3).Select(i => cluster.Nodes.Node(i).Statistics).ToList();
        Assert.All(statistics, s => Assert.Equal(0, s.ForeignPartitions));
        Assert.All(statistics, s => Assert.True(s.OwnedPartitions > 20, string.Join("; ", statistics)));
    }

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public async Task PreparedStatements_SurviveANodeRestart(string version)
    {
        await using var cluster = await LocalCluster.StartAsync(Schema);
        await using var proxy = Proxy(cluster);
        var topology = ((ClusterUpstreamConnector)proxy.Upstream).Topology;
        var folder = Directory.CreateTempSubdirectory("cluster-restart-").FullName;
        try
        {
            var driver = DriverProcess.PythonAsync("cluster.py", TimeSpan.FromMinutes(3), "restart", ProxyAddress, proxy.EndPoint.Port.ToString(), version, folder);
            await WaitForAsync(() => File.Exists(Path.Combine(folder, "prepared")) || driver.IsCompleted, "the driver to prepare");
            if (driver.IsCompleted) Assert.Fail((await driver).ToString());
            // Node 2 restarts empty: its prepared statements are gone; the proxy must re-prepare them by itself.
            await cluster.StopNodeAsync(1);
            await WaitForAsync(() => !topology.Ring.Nodes.Single(n => n.EndPoint.Equals(cluster.EndPoints[1])).IsUp, "the proxy to see node 2 down");
            await cluster.RestartNodeAsync(1);
            await WaitForAsync(() => topology.Ring.Nodes.Single(n => n.EndPoint.Equals(cluster.EndPoints[1])).IsUp, "the proxy to see node 2 up");
            long repreparesBefore = topology.Reprepares;
            await File.WriteAllTextAsync(Path.Combine(folder, "restarted"), "");
            var run = await driver;
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(0, run.Json.GetProperty("errors").GetArrayLength());
            Assert.Equal(30, run.Json.GetProperty("ok").GetInt32());
            Assert.True(topology.Reprepares > repreparesBefore, "the proxy re-prepared on the restarted node");
            var onRestarted = await cluster.ReadAsync(1, "SELECT k FROM ks.kv", IntAt0);
            var expected = Enumerable.Range(0, 30).Concat(Enumerable.Range(200, 30)).Where(k => cluster.OwnerOfInt(k) == 1).Order();
            Assert.Equal(expected, onRestarted.Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task NodeStoppedMidLoad_IsRoutedAround_EveryRequestAnsweredOnce()
    {
        await using var cluster = await LocalCluster.StartAsync(Schema);
        await using var proxy = Proxy(cluster);
        var folder = Directory.CreateTempSubdirectory("cluster-outage-").FullName;
        try
        {
            var driver = DriverProcess.PythonAsync("cluster.py", TimeSpan.FromMinutes(3), "outage", ProxyAddress, proxy.EndPoint.Port.ToString(), "4", folder, "12");
            await WaitForAsync(() => File.Exists(Path.Combine(folder, "started")) || driver.IsCompleted, "the load to start");
            await cluster.StopNodeAsync(2);
            // The script's last rounds must come after the stop, however late a loaded machine let the load start.
            await File.WriteAllTextAsync(Path.Combine(folder, "stopped"), "");
            var run = await driver;
            Assert.True(run.ExitCode == 0, run.ToString());
            var json = run.Json;
            Assert.Equal(0, json.GetProperty("timeouts").GetInt32());
            Assert.Equal(json.GetProperty("issued").GetInt32(), json.GetProperty("answered").GetInt32());
            Assert.True(json.GetProperty("rounds").GetInt32() > 5, run.ToString());
            // Only requests in flight on the stopped node may fail; keys of the other nodes never do.
            foreach (var failed in json.GetProperty("errors").EnumerateObject())
                Assert.True(cluster.OwnerOfInt(int.Parse(failed.Name)) == 2, $"key {failed.Name} (node {cluster.OwnerOfInt(int.Parse(failed.Name))}) failed: {run}");
            // After the stop every key is served again: node 3's keys by the next node on the ring.
            Assert.Equal(30, json.GetProperty("okLastRound").GetArrayLength());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int IntAt0(RowsResult rows, int row) => (int)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(row, 0).Bytes.Span, 4)!;

    private static int OwnerOfComposite(LocalCluster cluster, int a, string b)
    {
        var first = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(first, a);
        return cluster.OwnerOf(PartitionKeyToken.Of([first, Encoding.UTF8.GetBytes(b)]));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
