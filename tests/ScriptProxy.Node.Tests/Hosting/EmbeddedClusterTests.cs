using System.Globalization;
using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Node.Hosting;
using static ScriptProxy.Node.Tests.Hosting.ClusterQueries;

namespace ScriptProxy.Node.Tests.Hosting;

/// <summary>Three embedded nodes on 127.0.0.1/.2/.3 (each on its own free port) behaving as one cluster.</summary>
public sealed class EmbeddedClusterTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private EmbeddedCluster _cluster = null!;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync() => _cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { NativePort = 0 }, Ct);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _timeout.Dispose();
    }

    private async Task CreateTableAsync(int node)
    {
        await using var c = await ConnectAsync(_cluster, node, Ct);
        await c.QueryAsync("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}", Consistency.One, Ct);
        await c.QueryAsync("CREATE TABLE ks.t (k int PRIMARY KEY, v text)", Consistency.One, Ct);
    }

    [Fact]
    public void StartAsync_ThreeNodes_ListenOnConsecutiveLoopbackAddressesWithOwnPorts()
    {
        Assert.Equal(3, _cluster.Count);
        Assert.Equal(["127.0.0.1", "127.0.0.2", "127.0.0.3"], _cluster.EndPoints.Select(e => e.Address.ToString()));
        Assert.All(_cluster.EndPoints, e => Assert.NotEqual(0, e.Port));
        Assert.Equal(3, _cluster.EndPoints.Select(e => e.Port).Distinct().Count());
        Assert.Equal(3, Enumerable.Range(0, 3).Select(_cluster.HostIdOf).Distinct().Count());
    }

    [Fact]
    public void Tokens_SplitTheRing_EveryTokenOwnedByExactlyOneNode()
    {
        var tokens = Enumerable.Range(0, 3).Select(_cluster.TokenOf).ToArray();
        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(long.MinValue, tokens[0]);
        var samples = new List<long> { long.MinValue + 1, long.MaxValue, 0, -1, 1 };
        foreach (var t in tokens)
        {
            samples.Add(t);
            if (t != long.MaxValue) samples.Add(t + 1);
            if (t != long.MinValue) samples.Add(t - 1);
        }
        var random = new Random(42);
        for (int i = 0; i < 1000; i++) samples.Add(random.NextInt64(long.MinValue, long.MaxValue));
        foreach (var token in samples)
        {
            var owners = Enumerable.Range(0, 3).Where(i => _cluster.Node(i).OwnsToken(token)).ToList();
            Assert.Equal([_cluster.OwnerOf(token)], owners);
        }
        // Node i owns (token(i-1), token(i)]: its own token, not the one just after it.
        Assert.Equal(1, _cluster.OwnerOf(tokens[1]));
        Assert.Equal(2, _cluster.OwnerOf(tokens[1] + 1));
        Assert.Equal(0, _cluster.OwnerOf(tokens[2] + 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SystemTables_EachNode_ReportsItselfAndTheOthersWithTokensPortsAndOneSchemaVersion(int node)
    {
        await using var c = await ConnectAsync(_cluster, node, Ct);
        var local = Assert.Single(await RowsAsync(c, "SELECT * FROM system.local WHERE key = 'local'", Ct));
        Assert.Equal(_cluster.HostIdOf(node), local["host_id"]);
        Assert.Equal(_cluster.EndPointOf(node).Address, local["rpc_address"]);
        Assert.Equal([_cluster.TokenOf(node).ToString(CultureInfo.InvariantCulture)], Assert.IsType<List<object?>>(local["tokens"]));
        var schemaVersion = local["schema_version"];

        var others = Enumerable.Range(0, 3).Where(i => i != node).ToList();
        var v2 = await RowsAsync(c, "SELECT * FROM system.peers_v2", Ct);
        Assert.Equal(others.Select(i => _cluster.EndPointOf(i).Address).Order(new AddressOrder()), v2.Select(r => (IPAddress)r["native_address"]!).Order(new AddressOrder()));
        foreach (var row in v2)
        {
            int i = others.Single(o => _cluster.EndPointOf(o).Address.Equals(row["peer"]));
            Assert.Equal(_cluster.EndPointOf(i).Port, row["native_port"]);
            Assert.Equal(_cluster.HostIdOf(i), row["host_id"]);
            Assert.Equal([_cluster.TokenOf(i).ToString(CultureInfo.InvariantCulture)], Assert.IsType<List<object?>>(row["tokens"]));
            Assert.Equal("datacenter1", row["data_center"]);
            Assert.Equal("rack1", row["rack"]);
            Assert.Equal(schemaVersion, row["schema_version"]);
        }
        var v1 = await RowsAsync(c, "SELECT peer, rpc_address, host_id, tokens FROM system.peers", Ct);
        Assert.Equal(2, v1.Count);
        Assert.All(v1, r => Assert.Equal(r["peer"], r["rpc_address"]));
    }

    [Fact]
    public async Task Ddl_RunOnNode1_VisibleOnNode3WithSameSchemaVersion()
    {
        await CreateTableAsync(0);
        await using var c3 = await ConnectAsync(_cluster, 2, Ct);
        var tables = await RowsAsync(c3, "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'", Ct);
        Assert.Equal("t", Assert.Single(tables)["table_name"]);
        await c3.QueryAsync("INSERT INTO ks.t (k, v) VALUES (1, 'x')", Consistency.One, Ct);
        await using var c1 = await ConnectAsync(_cluster, 0, Ct);
        var v1 = Assert.Single(await RowsAsync(c1, "SELECT schema_version FROM system.local", Ct))["schema_version"];
        var v3 = Assert.Single(await RowsAsync(c3, "SELECT schema_version FROM system.local", Ct))["schema_version"];
        Assert.Equal(v1, v3);
    }

    [Fact]
    public async Task Rows_WrittenToNode1_AreNotOnNode2_AndTruncateClearsEveryNode()
    {
        await CreateTableAsync(0);
        await using var c1 = await ConnectAsync(_cluster, 0, Ct);
        await using var c2 = await ConnectAsync(_cluster, 1, Ct);
        await c1.QueryAsync("INSERT INTO ks.t (k, v) VALUES (7, 'on node 1')", Consistency.One, Ct);
        await c2.QueryAsync("INSERT INTO ks.t (k, v) VALUES (8, 'on node 2')", Consistency.One, Ct);
        Assert.Equal("on node 1", Assert.Single(await RowsAsync(c1, "SELECT v FROM ks.t WHERE k = 7", Ct))["v"]);
        Assert.Empty(await RowsAsync(c2, "SELECT v FROM ks.t WHERE k = 7", Ct));
        Assert.Equal([8], (await RowsAsync(c2, "SELECT k FROM ks.t", Ct)).Select(r => r["k"]));

        await c1.QueryAsync("TRUNCATE ks.t", Consistency.One, Ct);
        Assert.Empty(await RowsAsync(c1, "SELECT k FROM ks.t", Ct));
        Assert.Empty(await RowsAsync(c2, "SELECT k FROM ks.t", Ct));
    }

    [Fact]
    public async Task Statistics_CountOwnedAndForeignPartitions()
    {
        await CreateTableAsync(0);
        int ownedByNode2 = KeyOwnedBy(_cluster, 1);
        int ownedByNode3 = KeyOwnedBy(_cluster, 2);
        await using var c2 = await ConnectAsync(_cluster, 1, Ct);
        var stats = _cluster.Node(1).Statistics;
        stats.Reset();

        await c2.QueryAsync($"INSERT INTO ks.t (k, v) VALUES ({ownedByNode2}, 'mine')", Consistency.One, Ct);
        await c2.QueryAsync($"SELECT v FROM ks.t WHERE k = {ownedByNode2}", Consistency.One, Ct);
        await c2.QueryAsync($"INSERT INTO ks.t (k, v) VALUES ({ownedByNode3}, 'not mine')", Consistency.One, Ct);

        Assert.Equal(2, stats.OwnedPartitions);
        Assert.Equal(1, stats.ForeignPartitions);
        Assert.Equal(3, stats.Requests);
        Assert.Equal("not mine", Assert.Single(await RowsAsync(c2, $"SELECT v FROM ks.t WHERE k = {ownedByNode3}", Ct))["v"]);
        Assert.Equal(0, _cluster.Node(2).Statistics.OwnedPartitions + _cluster.Node(2).Statistics.ForeignPartitions);
    }

    [Fact]
    public async Task StopAndRestart_RegisteredConnectionOnAnotherNode_GetsStatusDownThenUp()
    {
        await using var events = await EventListener.ConnectAsync(_cluster.EndPointOf(0), Ct);
        var stopped = _cluster.EndPointOf(2);

        await _cluster.StopNodeAsync(2, Ct);
        Assert.False(_cluster.IsRunning(2));
        var down = await events.NextAsync<StatusChangeEvent>(Ct);
        Assert.Equal(StatusChangeType.Down, down.Change);
        Assert.Equal(stopped, down.Address);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(_cluster, 2, Ct));

        await _cluster.RestartNodeAsync(2, Ct);
        var up = await events.NextAsync<StatusChangeEvent>(Ct);
        Assert.Equal(StatusChangeType.Up, up.Change);
        Assert.Equal(stopped, up.Address);
        Assert.Equal(stopped, _cluster.EndPointOf(2));
    }

    [Fact]
    public async Task Restart_KeepsDataAndIdentity_ButAnswersOldPreparedIdWithUnprepared()
    {
        await CreateTableAsync(0);
        var hostId = _cluster.HostIdOf(2);
        PreparedResult prepared;
        await using (var before = await ConnectAsync(_cluster, 2, Ct))
        {
            await before.QueryAsync("INSERT INTO ks.t (k, v) VALUES (1, 'kept')", Consistency.One, Ct);
            prepared = await before.PrepareAsync("SELECT v FROM ks.t WHERE k = ?", Ct);
            Assert.IsType<RowsResult>(await before.ExecuteAsync(prepared, 1));
        }

        await _cluster.StopNodeAsync(2, Ct);
        await _cluster.RestartNodeAsync(2, Ct);

        await using var after = await ConnectAsync(_cluster, 2, Ct);
        var error = await Assert.ThrowsAsync<CqlServerException>(() => after.ExecuteAsync(prepared, 1));
        Assert.Equal(ErrorCode.Unprepared, error.Code);
        Assert.Equal("kept", Assert.Single(await RowsAsync(after, "SELECT v FROM ks.t WHERE k = 1", Ct))["v"]);
        Assert.Equal(hostId, Assert.Single(await RowsAsync(after, "SELECT host_id FROM system.local", Ct))["host_id"]);
        Assert.Equal("t", Assert.Single(await RowsAsync(after, "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'", Ct))["table_name"]);
    }

    [Fact]
    public async Task Node_PortAlreadyServedByAnotherNode_CannotBeBoundTwice()
    {
        // A second listener on a live node's port must fail, not share the port and steal half of its connections.
        await using var intruder = new EmbeddedNode();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => intruder.StartAsync(_cluster.EndPointOf(1), Ct));
    }

    [Fact]
    public async Task AddNode_JoinsOnNextAddress_OthersPushNewNodeAndListItAsPeer()
    {
        await using var events = await EventListener.ConnectAsync(_cluster.EndPointOf(0), Ct);
        int added = await _cluster.AddNodeAsync(Ct);
        Assert.Equal(3, added);
        Assert.Equal(IPAddress.Parse("127.0.0.4"), _cluster.EndPointOf(3).Address);
        var joined = await events.NextAsync<TopologyChangeEvent>(Ct);
        Assert.Equal(TopologyChangeType.NewNode, joined.Change);
        Assert.Equal(_cluster.EndPointOf(3), joined.Address);
        await using var c1 = await ConnectAsync(_cluster, 0, Ct);
        Assert.Equal(3, (await RowsAsync(c1, "SELECT peer FROM system.peers_v2", Ct)).Count);
        Assert.Equal(3, _cluster.OwnerOf(_cluster.TokenOf(3)));
    }

    private sealed class AddressOrder : IComparer<IPAddress>
    {
        public int Compare(IPAddress? x, IPAddress? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }
}
