using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Client;
using ScriptProxy.Host.Tests.Support;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>The cluster sink with the project's own client: fast checks of routing before the real-driver tests.</summary>
public sealed class ClusterSmokeTests
{
    private const string Table = "CREATE TABLE IF NOT EXISTS ks.kv (k int PRIMARY KEY, v text)";

    [Theory]
    [InlineData(4, null)]
    [InlineData(4, "lz4")]
    [InlineData(5, null)]
    [InlineData(5, "lz4")]
    public async Task PreparedAndLiteralWrites_LandOnTheOwner(byte version, string? compression)
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { Version = version, Compression = compression });
        var insert = await client.PrepareAsync("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
        for (int k = 0; k < 30; k++) await client.ExecuteAsync(insert, k, "p");
        for (int k = 100; k < 130; k++) await client.QueryAsync($"INSERT INTO ks.kv (k, v) VALUES ({k}, 'q')");
        for (int node = 0; node < 3; node++)
        {
            var keys = await cluster.ReadAsync(node, "SELECT k FROM ks.kv", (rows, r) => (int)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(r, 0).Bytes.Span, 4)!);
            var expected = Enumerable.Range(0, 30).Concat(Enumerable.Range(100, 30)).Where(k => cluster.OwnerOfInt(k) == node).Order();
            Assert.Equal(expected, keys.Order());
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task ExecuteAfterTheOwnerRestarted_IsRepreparedByTheProxy_ClientNeverSeesUnprepared(byte version)
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        var topology = ((Host.Upstreams.Cluster.ClusterUpstreamConnector)proxy.Upstream).Topology;
        // This client does not re-prepare on Unprepared: any Unprepared reaching it fails the test.
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { Version = version });
        await client.QueryAsync("USE ks");
        var insert = await client.PrepareAsync("INSERT INTO kv (k, v) VALUES (?, ?)");
        int key = Enumerable.Range(0, 100).First(k => cluster.OwnerOfInt(k) == 1);
        await client.ExecuteAsync(insert, key, "before");
        await cluster.StopNodeAsync(1);
        await WaitForAsync(() => !topology.Ring.Nodes.Single(n => n.EndPoint.Equals(cluster.EndPoints[1])).IsUp);
        await cluster.RestartNodeAsync(1);
        await WaitForAsync(() => topology.Ring.Nodes.Single(n => n.EndPoint.Equals(cluster.EndPoints[1])).IsUp);

        await client.ExecuteAsync(insert, key, "after");

        Assert.Equal(1, topology.Reprepares);
        var rows = await cluster.ReadAsync(1, $"SELECT v FROM ks.kv WHERE k = {key}", (r, i) => System.Text.Encoding.UTF8.GetString(r.GetCell(i, 0).Bytes.Span));
        Assert.Equal(["after"], rows);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached in 60 s");
            await Task.Delay(50);
        }
    }
}
