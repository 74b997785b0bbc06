using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>
/// The real Python driver (default TokenAwarePolicy, metadata on) connected directly to a 3-node embedded cluster:
/// it must discover all nodes from system.peers_v2 (each on its own port), and every partition it routes by its own
/// Murmur3 token map must land on the node that owns it by ours.
/// </summary>
public sealed class PythonClusterRoutingTests
{
    [Fact]
    public async Task TokenAwareDriver_EveryPartitionLandsOnItsOwnerNode()
    {
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { NativePort = 0, ClusterName = "Test Cluster" });
        const int rows = 100;
        var r = await DriverProcess.PythonAsync("cluster_routing.py", TimeSpan.FromSeconds(150), cluster.EndPointOf(0).Port.ToString(), rows.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;

        var expectedHosts = cluster.EndPoints.Select(e => $"{e.Address}:{e.Port}").Order().ToList();
        Assert.Equal(expectedHosts, j.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).ToList());
        Assert.Equal(expectedHosts, j.GetProperty("up").EnumerateArray().Select(h => h.GetString()!).ToList());
        Assert.Equal("TokenAwarePolicy", j.GetProperty("policy").GetString());
        Assert.True(j.GetProperty("mismatch_count").GetInt32() == 0, r.Stdout);
        Assert.Equal(2 * rows, j.GetProperty("read_back").GetInt32());

        var stats = Enumerable.Range(0, 3).Select(i => cluster.Node(i).Statistics).ToList();
        string summary = string.Join("; ", stats.Select((s, i) => $"node{i}: {s}"));
        Assert.All(stats, s => Assert.Equal(0, s.ForeignPartitions));
        // 2 tables x (write + read) x rows, spread over the three owners; each owns about a third of the ring.
        Assert.True(stats.Sum(s => s.OwnedPartitions) >= 4 * rows, summary);
        Assert.All(stats, s => Assert.True(s.OwnedPartitions > 0, summary));
    }
}
