using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Client;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// The 3-node <see cref="EmbeddedCluster"/> (127.0.0.1/.2/.3, ports picked by the nodes themselves, each owning a third
/// of the Murmur3 ring) with the test schema created once (schema is shared). Nodes do not replicate: a row lands only
/// on the node a request was sent to, which is how the tests see where the router sent it.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public const string Schema = "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";

    private readonly EmbeddedCluster _cluster;
    private readonly CqlConnectionOptions _direct;

    private LocalCluster(EmbeddedCluster cluster, CqlConnectionOptions direct)
    {
        _cluster = cluster;
        _direct = direct;
    }

    public IReadOnlyList<IPEndPoint> EndPoints => Enumerable.Range(0, 3).Select(_cluster.EndPointOf).ToList();

    public EmbeddedCluster Nodes => _cluster;

    public static Task<LocalCluster> StartAsync(params string[] schema) =>
        StartAsync(new EmbeddedClusterOptions { Nodes = 3, NativePort = 0 }, CqlConnectionOptions.Default, schema);

    /// <summary>A cluster shaped by <paramref name="options"/> (logins, TLS); <paramref name="direct"/> is how the tests' own connections reach its nodes.</summary>
    public static async Task<LocalCluster> StartAsync(EmbeddedClusterOptions options, CqlConnectionOptions direct, params string[] schema)
    {
        var cluster = new LocalCluster(await EmbeddedCluster.StartAsync(options), direct);
        await using var connection = await cluster.ConnectAsync(0);
        await connection.QueryAsync(Schema);
        foreach (var statement in schema) await connection.QueryAsync(statement);
        return cluster;
    }

    /// <summary>The index (0-2) of the node owning <paramref name="token"/>.</summary>
    public int OwnerOf(long token) => _cluster.OwnerOf(token);

    /// <summary>The owner of an int partition key.</summary>
    public int OwnerOfInt(int key)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, key);
        return OwnerOf(PartitionKeyToken.Of(bytes));
    }

    /// <summary>Stops node <paramref name="index"/> (same address and port when it comes back).</summary>
    public Task StopNodeAsync(int index) => _cluster.StopNodeAsync(index);

    /// <summary>Starts a stopped node again: empty prepared-statement cache, data kept (like a Cassandra restart).</summary>
    public Task RestartNodeAsync(int index) => _cluster.RestartNodeAsync(index);

    /// <summary>Starts a stopped node again with <paramref name="users"/> as its logins (a password rotated while it was down).</summary>
    public Task RestartNodeAsync(int index, IReadOnlyList<NodeUser> users) => _cluster.RestartNodeAsync(index, users);

    public Task<CqlConnection> ConnectAsync(int index) => CqlConnection.ConnectAsync(EndPoints[index], _direct);

    /// <summary>The rows <paramref name="cql"/> returns when run on node <paramref name="index"/> directly.</summary>
    public async Task<List<T>> ReadAsync<T>(int index, string cql, Func<RowsResult, int, T> read)
    {
        await using var connection = await ConnectAsync(index);
        var rows = (RowsResult)await connection.QueryAsync(cql);
        return Enumerable.Range(0, rows.RowCount).Select(r => read(rows, r)).ToList();
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
