using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Client;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams.Cluster;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// The cluster sink following STATUS_CHANGE / TOPOLOGY_CHANGE on its control connection: a node announced DOWN is
/// routed around before any connection to it fails, UP brings it back after a probe, NEW_NODE re-reads the ring,
/// and a lost control connection moves to another node and registers again. Conditions are polled with long
/// deadlines (loaded 2-core machines), never timed.
/// </summary>
public sealed class ClusterEventTests
{
    private const string Table = "CREATE TABLE IF NOT EXISTS ks.kv (k int PRIMARY KEY, v text)";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DownAnnouncedForARunningNode_ItsKeysGoToTheNextNode_UpBringsItBack_MetricsPerNode()
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint);
        var topology = TopologyOf(proxy);
        var insert = await client.PrepareAsync("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
        await client.ExecuteAsync(insert, 0, "warm");
        await WaitForAsync(() => topology.ControlEndPoint is not null, "a control connection");
        var node1 = NodeAt(topology, cluster.EndPoints[1]);
        var node2 = NodeAt(topology, cluster.EndPoints[2]);
        double routedTo2Before = node2.Metrics!.RoutedTotal;

        // Node 1 keeps running: only the event can take it out of the routing.
        AnnounceFromOthers(cluster, 1, new StatusChangeEvent(StatusChangeType.Down, cluster.EndPoints[1]));
        await WaitForAsync(() => !node1.IsUp, "node 1 marked down by the DOWN event");
        Assert.True(cluster.Nodes.IsRunning(1));
        Assert.Equal(0, node1.Metrics!.UpValue);
        long node1Requests = cluster.Nodes.Node(1).Statistics.Requests;
        var owned = Enumerable.Range(1000, 200).Where(k => cluster.OwnerOfInt(k) == 1).Take(10).ToArray();
        foreach (int k in owned) await client.ExecuteAsync(insert, k, "while-down");

        Assert.Equal(node1Requests, cluster.Nodes.Node(1).Statistics.Requests);
        Assert.Equal(owned.Order(), (await KeysAsync(cluster, 2)).Intersect(owned).Order());
        Assert.True(node2.Metrics.RoutedTotal >= routedTo2Before + owned.Length);
        var exported = await ExportAsync(proxy);
        Assert.Contains($"scriptproxy_cluster_node_up{{node=\"{cluster.EndPoints[1]}\"}} 0", exported, StringComparison.Ordinal);
        Assert.Contains($"scriptproxy_cluster_node_up{{node=\"{cluster.EndPoints[2]}\"}} 1", exported, StringComparison.Ordinal);
        Assert.Contains($"scriptproxy_cluster_node_requests_total{{node=\"{cluster.EndPoints[2]}\"}}", exported, StringComparison.Ordinal);

        AnnounceFromOthers(cluster, 1, new StatusChangeEvent(StatusChangeType.Up, cluster.EndPoints[1]));
        await WaitForAsync(() => node1.IsUp, "node 1 up again after the UP event and a probe");
        double routedTo1 = node1.Metrics.RoutedTotal;
        var later = Enumerable.Range(2000, 200).Where(k => cluster.OwnerOfInt(k) == 1).Take(10).ToArray();
        foreach (int k in later) await client.ExecuteAsync(insert, k, "after-up");

        Assert.Equal(later.Order(), (await KeysAsync(cluster, 1)).Intersect(later).Order());
        Assert.Equal(routedTo1 + later.Length, node1.Metrics.RoutedTotal);
        Assert.Equal(1, node1.Metrics.UpValue);
    }

    [Fact]
    public async Task StoppedRestartedAndAddedNodes_FollowedFromEvents_WithoutAnyClientTraffic()
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        var topology = TopologyOf(proxy);
        await topology.StartAsync();
        await WaitForAsync(() => topology.ControlEndPoint is not null, "a control connection");
        var node1 = NodeAt(topology, cluster.EndPoints[1]);

        // No client connection: no node link can fail, so only the DOWN event marks the node down.
        await cluster.StopNodeAsync(1);
        await WaitForAsync(() => !node1.IsUp, "node 1 down after StopNodeAsync");
        await cluster.RestartNodeAsync(1);
        await WaitForAsync(() => node1.IsUp, "node 1 up after RestartNodeAsync");

        int added = await cluster.Nodes.AddNodeAsync();
        var addedEndPoint = cluster.Nodes.EndPointOf(added);
        await WaitForAsync(() => topology.Ring.Nodes.Any(n => n.EndPoint.Equals(addedEndPoint)), "the new node in the ring after NEW_NODE");
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint);
        var insert = await client.PrepareAsync("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
        var owned = Enumerable.Range(0, 1000).Where(k => OwnerIndex(cluster, k) == added).Take(10).ToArray();
        Assert.NotEmpty(owned);
        foreach (int k in owned) await client.ExecuteAsync(insert, k, "new-node");

        Assert.Equal(owned.Order(), (await KeysAsync(cluster, added)).Intersect(owned).Order());
        Assert.Equal(0, cluster.Nodes.Node(added).Statistics.ForeignPartitions);
        Assert.True(NodeAt(topology, addedEndPoint).Metrics!.RoutedTotal >= owned.Length);
    }

    [Fact]
    public async Task ControlNodeStops_ControlMovesToAnotherNode_AndEventsStillArrive()
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        var topology = TopologyOf(proxy);
        await topology.StartAsync();
        await WaitForAsync(() => topology.ControlEndPoint is not null, "a control connection");
        int control = IndexOf(cluster, topology.ControlEndPoint!);

        await cluster.StopNodeAsync(control);
        await WaitForAsync(() => topology.ControlEndPoint is { } e && !e.Equals(cluster.EndPoints[control]), "the control connection on another node");
        int other = Enumerable.Range(0, 3).First(i => i != control && !cluster.EndPoints[i].Equals(topology.ControlEndPoint));
        var otherNode = NodeAt(topology, cluster.EndPoints[other]);
        AnnounceFromOthers(cluster, other, new StatusChangeEvent(StatusChangeType.Down, cluster.EndPoints[other]));

        await WaitForAsync(() => !otherNode.IsUp, "a DOWN event received on the new control connection");
        Assert.True(cluster.Nodes.IsRunning(other));
    }

    [Fact]
    public async Task EventNamingAnotherPort_MatchesTheOnlyNodeOnThatAddress_UnknownAddressIsIgnored()
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        var topology = TopologyOf(proxy);
        await topology.StartAsync();
        await WaitForAsync(() => topology.ControlEndPoint is not null, "a control connection");
        var node2 = NodeAt(topology, cluster.EndPoints[2]);
        int otherPort = cluster.EndPoints[2].Port == 9042 ? 9043 : 9042;

        AnnounceFromOthers(cluster, 2, new StatusChangeEvent(StatusChangeType.Down, new IPEndPoint(IPAddress.Parse("10.9.9.9"), 9042)));
        AnnounceFromOthers(cluster, 2, new StatusChangeEvent(StatusChangeType.Down, new IPEndPoint(cluster.EndPoints[2].Address, otherPort)));

        await WaitForAsync(() => !node2.IsUp, "node 2 down by address alone");
        Assert.Equal(3, topology.Ring.Nodes.Count);
        Assert.Equal(2, topology.Ring.Nodes.Count(n => n.IsUp));
    }

    private static ClusterTopology TopologyOf(ProxyHarness proxy) => ((ClusterUpstreamConnector)proxy.Upstream).Topology;

    private static ClusterNode NodeAt(ClusterTopology topology, IPEndPoint endPoint) => topology.Ring.Nodes.Single(n => n.EndPoint.Equals(endPoint));

    private static int IndexOf(LocalCluster cluster, IPEndPoint endPoint) => Enumerable.Range(0, cluster.Nodes.Count).Single(i => cluster.Nodes.EndPointOf(i).Equals(endPoint));

    /// <summary>What Cassandra does: the nodes that see a peer change tell their registered clients; the peer itself says nothing.</summary>
    private static void AnnounceFromOthers(LocalCluster cluster, int about, EventResponse e)
    {
        for (int i = 0; i < cluster.Nodes.Count; i++)
        {
            if (i != about && cluster.Nodes.IsRunning(i)) cluster.Nodes.Node(i).Announce(e);
        }
    }

    /// <summary>The owner of an int key on the current (possibly grown) ring.</summary>
    private static int OwnerIndex(LocalCluster cluster, int key)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, key);
        return cluster.Nodes.OwnerOf(PartitionKeyToken.Of(bytes));
    }

    private static async Task<List<int>> KeysAsync(LocalCluster cluster, int index)
    {
        await using var connection = await CqlConnection.ConnectAsync(cluster.Nodes.EndPointOf(index));
        var rows = (RowsResult)await connection.QueryAsync("SELECT k FROM ks.kv");
        return Enumerable.Range(0, rows.RowCount).Select(r => (int)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(r, 0).Bytes.Span, 4)!).ToList();
    }

    private static async Task<string> ExportAsync(ProxyHarness proxy)
    {
        using var stream = new MemoryStream();
        await proxy.Server.Metrics.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not reached in {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
