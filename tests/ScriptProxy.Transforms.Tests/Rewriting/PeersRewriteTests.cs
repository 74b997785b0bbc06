using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Rewriting;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Rewriting;

public class PeersRewriteTests
{
    private static readonly Guid Schema = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private const string Fleet3 = """{"address": "127.0.0.2:9042", "peers": ["127.0.0.1:9042", "127.0.0.3:9042"], "vnodes": 2}""";

    /// <summary>A node with Cassandra's system.local columns and, optionally, real peers (10.1.0.x) of its own.</summary>
    private static TestNode Cluster(int realPeers)
    {
        var node = new TestNode();
        node.CreateTable("system", "local", ("key", CqlType.Text), ("broadcast_address", CqlType.Inet), ("cluster_name", CqlType.Text),
            ("data_center", CqlType.Text), ("host_id", CqlType.Uuid), ("listen_address", CqlType.Inet), ("partitioner", CqlType.Text),
            ("rack", CqlType.Text), ("release_version", CqlType.Text), ("rpc_address", CqlType.Inet), ("rpc_port", CqlType.Int),
            ("schema_version", CqlType.Uuid), ("tokens", CqlType.SetOf(CqlType.Text)));
        node.CreateTable("system", "peers", [.. Columns("peers")]);
        node.CreateTable("system", "peers_v2", [.. Columns("peers_v2")]);
        var c = Fixtures.Connect(node, null);
        c.Query("INSERT INTO system.local (key, broadcast_address, cluster_name, data_center, host_id, listen_address, partitioner, rack, release_version, rpc_address, rpc_port, schema_version, tokens) " +
            $"VALUES ('local', '10.1.0.1', 'c1', 'dc-east', 6f1d5e2a-0000-4000-8000-000000000001, '10.1.0.1', 'org.apache.cassandra.dht.RandomPartitioner', 'r7', '4.0.11', '10.1.0.1', 9042, {Schema}, {{'42'}})").Wait();
        for (int i = 2; i < 2 + realPeers; i++)
        {
            c.Query($"INSERT INTO system.peers (peer, rpc_address, data_center, rack, tokens) VALUES ('10.1.0.{i}', '10.1.0.{i}', 'dc-east', 'r7', {{'{i}'}})").Wait();
            c.Query($"INSERT INTO system.peers_v2 (peer, peer_port, native_address, native_port, data_center) VALUES ('10.1.0.{i}', 7000, '10.1.0.{i}', 9042, 'dc-east')").Wait();
        }
        return node;
    }

    private static IEnumerable<(string, CqlType)> Columns(string table) => table == "peers"
        ? [("peer", CqlType.Inet), ("data_center", CqlType.Text), ("host_id", CqlType.Uuid), ("preferred_ip", CqlType.Inet), ("rack", CqlType.Text),
           ("release_version", CqlType.Text), ("rpc_address", CqlType.Inet), ("schema_version", CqlType.Uuid), ("tokens", CqlType.SetOf(CqlType.Text))]
        : [("peer", CqlType.Inet), ("peer_port", CqlType.Int), ("data_center", CqlType.Text), ("host_id", CqlType.Uuid), ("native_address", CqlType.Inet),
           ("native_port", CqlType.Int), ("preferred_ip", CqlType.Inet), ("preferred_port", CqlType.Int), ("rack", CqlType.Text),
           ("release_version", CqlType.Text), ("schema_version", CqlType.Uuid), ("tokens", CqlType.SetOf(CqlType.Text))];

    private static object? Cell(RowsResult rows, int row, string column) =>
        rows.GetCell(row, column) is { HasBytes: true } c ? CqlValueCodec.Decode(rows.Columns![rows.Metadata.IndexOf(column)].Type, c.Bytes.Span, 4) : null;

    private static ProxyFleet FleetOf(string json) => Stages.Create<PeersRewrite>(json).Fleet;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Peers_tables_answer_exactly_the_other_proxies_whatever_the_upstream_has(int realPeers)
    {
        var c = Fixtures.Connect(Cluster(realPeers), null);
        var stage = Stages.Create("PeersRewrite", Fleet3);
        var fleet = FleetOf(Fleet3);

        foreach (var table in new[] { "peers", "peers_v2" })
        {
            var rows = Assert.IsType<RowsResult>(await c.Query($"SELECT * FROM system.{table}", stage));
            Assert.Equal(Columns(table).Select(x => x.Item1), rows.Columns!.Select(x => x.Name));
            Assert.Equal(Columns(table).Select(x => x.Item2), rows.Columns!.Select(x => x.Type));
            Assert.Equal(2, rows.RowCount);
            for (int row = 0; row < 2; row++)
            {
                var member = fleet.Others[row];
                Assert.Equal(member.Endpoint.Address, Cell(rows, row, "peer"));
                Assert.Equal(member.Endpoint.Address, Cell(rows, row, table == "peers" ? "rpc_address" : "native_address"));
                if (table == "peers_v2") Assert.Equal(9042, Cell(rows, row, "native_port"));
                Assert.Equal(member.HostId, Cell(rows, row, "host_id"));
                Assert.Equal(member.Tokens, ((List<object?>)Cell(rows, row, "tokens")!).Cast<string>());
                Assert.Equal("dc-east", Cell(rows, row, "data_center"));
                Assert.Equal("r7", Cell(rows, row, "rack"));
                Assert.Equal("4.0.11", Cell(rows, row, "release_version"));
                Assert.Equal(Schema, Cell(rows, row, "schema_version"));
                Assert.Null(Cell(rows, row, "preferred_ip"));
            }
            Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.3")], Enumerable.Range(0, 2).Select(r => Cell(rows, r, "peer")));
        }
    }

    [Fact]
    public async Task System_local_is_this_proxy_with_its_host_id_and_tokens()
    {
        var c = Fixtures.Connect(Cluster(2), null);
        var stage = Stages.Create("PeersRewrite", Fleet3);
        var self = FleetOf(Fleet3).Self;

        var local = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.local WHERE key = 'local'", stage));

        foreach (var address in new[] { "rpc_address", "broadcast_address", "listen_address" }) Assert.Equal(IPAddress.Parse("127.0.0.2"), Cell(local, 0, address));
        Assert.Equal(9042, Cell(local, 0, "rpc_port"));
        Assert.Equal(self.HostId, Cell(local, 0, "host_id"));
        Assert.Equal(self.Tokens, ((List<object?>)Cell(local, 0, "tokens")!).Cast<string>());
        Assert.Equal("org.apache.cassandra.dht.Murmur3Partitioner", Cell(local, 0, "partitioner"));
        Assert.Equal("dc-east", Cell(local, 0, "data_center")); // the upstream's own values stay
        Assert.Equal(Schema, Cell(local, 0, "schema_version"));
    }

    [Fact]
    public async Task The_schema_agreement_projections_are_answered_in_the_columns_asked_for()
    {
        var c = Fixtures.Connect(Cluster(0), null);
        var stage = Stages.Create("PeersRewrite", Fleet3);

        var peers = Assert.IsType<RowsResult>(await c.Query("SELECT peer, host_id, rpc_address, schema_version FROM system.peers", stage));
        Assert.Equal(["peer", "host_id", "rpc_address", "schema_version"], peers.Columns!.Select(x => x.Name));
        Assert.Equal([CqlType.Inet, CqlType.Uuid, CqlType.Inet, CqlType.Uuid], peers.Columns!.Select(x => x.Type));
        Assert.Equal(2, peers.RowCount);
        Assert.Equal(Schema, Cell(peers, 1, "schema_version"));

        var v2 = Assert.IsType<RowsResult>(await c.Query("SELECT host_id, peer, peer_port, native_address, native_port, schema_version FROM system.peers_v2", stage));
        Assert.Equal(6, v2.ColumnCount);
        Assert.Equal(2, v2.RowCount);

        var local = Assert.IsType<RowsResult>(await c.Query("SELECT schema_version FROM system.local WHERE key='local'", stage));
        Assert.Equal(Schema, Cell(local, 0, "schema_version"));

        var one = Assert.IsType<RowsResult>(await c.Query("SELECT peer FROM system.peers WHERE peer = '127.0.0.3'", stage));
        Assert.Equal(IPAddress.Parse("127.0.0.3"), Assert.Single(Enumerable.Range(0, one.RowCount).Select(r => Cell(one, r, "peer"))));

        Stages.AssertError(await c.Query("SELECT nope FROM system.peers", stage), ErrorCode.Invalid, "Undefined column name nope");
    }

    [Fact]
    public async Task Prepared_peers_queries_get_the_fleet_in_the_prepared_columns()
    {
        var c = Fixtures.Connect(Cluster(1), null);
        var stage = Stages.Create("PeersRewrite", Fleet3);
        await c.Query("SELECT * FROM system.local WHERE key = 'local'", stage); // the driver reads local first

        var prepared = await c.Prepare("SELECT peer, data_center, host_id, rpc_address, tokens FROM system.peers", stage);
        var rows = Assert.IsType<RowsResult>(await c.Execute(prepared, [], stage));

        Assert.Equal(["peer", "data_center", "host_id", "rpc_address", "tokens"], rows.Columns!.Select(x => x.Name));
        Assert.Equal(2, rows.RowCount);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), Cell(rows, 0, "rpc_address"));
        Assert.Equal("dc-east", Cell(rows, 1, "data_center"));
        Assert.Equal(FleetOf(Fleet3).Others[1].HostId, Cell(rows, 1, "host_id"));
    }

    [Fact]
    public async Task Peers_v2_is_unconfigured_before_Cassandra_4_as_drivers_expect()
    {
        var node = Cluster(0);
        await Fixtures.Connect(node, null).Query("UPDATE system.local SET release_version = '3.11.16' WHERE key = 'local'");
        var c = Fixtures.Connect(node, null);
        var stage = Stages.Create("PeersRewrite", Fleet3);

        Stages.AssertError(await c.Query("SELECT * FROM system.peers_v2", stage), ErrorCode.Invalid, "unconfigured table peers_v2");
        Assert.Equal(2, Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.peers", stage)).RowCount);
    }

    [Fact]
    public async Task A_single_proxy_has_no_peers()
    {
        var c = Fixtures.Connect(Cluster(3), null);
        var stage = Stages.Create("PeersRewrite", """{"address": "127.0.0.1:19042"}""");

        var local = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.local WHERE key = 'local'", stage));
        Assert.Equal(IPAddress.Loopback, Cell(local, 0, "rpc_address"));
        Assert.Equal(19042, Cell(local, 0, "rpc_port"));
        Assert.Equal(8, ((List<object?>)Cell(local, 0, "tokens")!).Count); // default vnodes

        Assert.Equal(0, Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.peers", stage)).RowCount);
        var v2 = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM system.peers_v2", stage));
        Assert.Equal(0, v2.RowCount);
        Assert.Equal(12, v2.ColumnCount); // still the table's columns, so the driver can read the (empty) result
    }

    [Fact]
    public void Events_are_rewritten_to_this_proxy()
    {
        var stage = Stages.Create<PeersRewrite>(Fleet3);
        var mapped = Assert.IsType<StatusChangeEvent>(stage.OnEvent(new StatusChangeEvent(StatusChangeType.Down, IPEndPoint.Parse("10.1.0.2:9042"))));
        Assert.Equal((StatusChangeType.Up, IPEndPoint.Parse("127.0.0.2:9042")), (mapped.Change, mapped.Address));
    }

    [Fact]
    public void Address_must_be_connectable()
    {
        Assert.Contains("'stages[0].address': expected an IP endpoint", Assert.Throws<TransformConfigException>(() => Stages.Create("PeersRewrite", """{"address": "0.0.0.0:9042"}""")).Message);
        Assert.Contains("is required", Assert.Throws<TransformConfigException>(() => Stages.Create("PeersRewrite", "{}")).Message);
        Assert.Contains("'stages[0].vnodes'", Assert.Throws<TransformConfigException>(() => Stages.Create("PeersRewrite", """{"address": "127.0.0.1:9042", "vnodes": 0}""")).Message);
        Assert.NotNull(BuiltinStages.Create("PeersRewrite", System.Text.Json.JsonDocument.Parse("{}").RootElement,
            new BuiltinContext("proxy.json", "stages[1]") { ListenerEndpoints = ["127.0.0.1:9042"] }));
    }
}
