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
    [InlineData(4)]
    [InlineData(5)]
    public async Task PreparedAndLiteralWrites_LandOnTheOwner(byte version)
    {
        await using var cluster = await LocalCluster.StartAsync(Table);
        await using var proxy = ProxyHarness.Cluster([cluster.EndPoints[0]]);
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint, new CqlConnectionOptions { Version = version });
        var insert = await client.PrepareAsync("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
        for (int k = 0; k < 30; k++) await client.ExecuteAsync(insert, k, "p");
        for (int k = 100; k < 130; k++) await client.QueryAsync($"INSERT INTO ks.kv (k, v) VALUES ({k}, 'q')");
        for (int node = 0; node < 3; node++)
        {
            var keys = await cluster.ReadAsync(node, "SELECT k FROM ks.kv", (rows, r) => (int)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(r, 0).Bytes.Span, 4)!);
            var expected = Enumerable.Range(0, 30).Concat(Enumerable.Range(100, 30)).Where(k => LocalCluster.OwnerOfInt(k) == node).Order();
            Assert.Equal(expected, keys.Order());
        }
    }
}
