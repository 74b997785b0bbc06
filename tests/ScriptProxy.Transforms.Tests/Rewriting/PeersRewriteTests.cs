using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Rewriting;

public class PeersRewriteTests
{
    private static TestNode Cluster()
    {
        var node = new TestNode();
        node.CreateTable("system", "local", ("key", CqlType.Text), ("rpc_address", CqlType.Inet), ("rpc_port", CqlType.Int), ("broadcast_address", CqlType.Inet));
        node.CreateTable("system", "peers", ("peer", CqlType.Inet), ("rpc_address", CqlType.Inet), ("data_center", CqlType.Text));
        node.CreateTable("system", "peers_v2", ("peer", CqlType.Inet), ("peer_port", CqlType.Int), ("native_address", CqlType.Inet), ("native_port", CqlType.Int));
        var c = Fixtures.Connect(node, null);
        c.Query("INSERT INTO system.local (key, rpc_address, rpc_port, broadcast_address) VALUES ('local', '10.1.0.1', 9042, '10.1.0.1')").Wait();
        foreach (var ip in new[] { "10.1.0.2", "10.1.0.3" })
        {
            c.Query($"INSERT INTO system.peers (peer, rpc_address, data_center) VALUES ('{ip}', '{ip}', 'dc1')").Wait();
            c.Query($"INSERT INTO system.peers_v2 (peer, peer_port, native_address, native_port) VALUES ('{ip}', 7000, '{ip}', 9042)").Wait();
        }
        return node;
    }

    private static object? Cell(RowsResult rows, int row, string column) =>
        rows.GetCell(row, column) is { HasBytes: true } c ? CqlValueCodec.Decode(rows.Columns![rows.Metadata.IndexOf(column)].Type, c.Bytes.Span, 4) : null;

    [Fact]
    public async Task System_local_points_at_the_proxy_and_peers_are_emptied()
    {
        var c = Fixtures.Connect(Cluster(), null);
        var stage = Stages.Create("PeersRewrite", """{"address": "127.0.0.1:19042"}""");

        var local = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.local WHERE key = 'local'", stage));
        Assert.Equal(IPAddress.Loopback, Cell(local, 0, "rpc_address"));
        Assert.Equal(19042, Cell(local, 0, "rpc_port"));
        Assert.Equal(IPAddress.Parse("10.1.0.1"), Cell(local, 0, "broadcast_address")); // internode identity stays

        Assert.Equal(0, Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.peers", stage)).RowCount);
        var v2 = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.peers_v2", stage));
        Assert.Equal(0, v2.RowCount);
        Assert.Equal(4, v2.ColumnCount); // still the table's columns, so the driver can read the (empty) result
    }

    [Fact]
    public async Task Configured_proxy_peers_replace_the_cluster_peers()
    {
        var c = Fixtures.Connect(Cluster(), null);
        var stage = Stages.Create("PeersRewrite", """{"address": "127.0.0.1:9042", "peers": ["127.0.0.2:9042"]}""");

        var v2 = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.peers_v2", stage));

        Assert.Equal(1, v2.RowCount);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), Cell(v2, 0, "native_address"));
        Assert.Equal(IPAddress.Parse("127.0.0.2"), Cell(v2, 0, "peer"));
        Assert.Equal(9042, Cell(v2, 0, "native_port"));
    }

    [Fact]
    public void Address_must_be_connectable()
    {
        Assert.Contains("'stages[0].address': expected an IP endpoint", Assert.Throws<TransformConfigException>(() => Stages.Create("PeersRewrite", """{"address": "0.0.0.0:9042"}""")).Message);
        Assert.Contains("is required", Assert.Throws<TransformConfigException>(() => Stages.Create("PeersRewrite", "{}")).Message);
        Assert.NotNull(BuiltinStages.Create("PeersRewrite", System.Text.Json.JsonDocument.Parse("{}").RootElement,
            new BuiltinContext("proxy.json", "stages[1]") { ListenerEndpoints = ["127.0.0.1:9042"] }));
    }
}
