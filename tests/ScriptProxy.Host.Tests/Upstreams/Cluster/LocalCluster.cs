using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Client;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// Three embedded nodes on 127.0.0.1/.2/.3 that present themselves as one cluster (each lists the others in
/// system.peers_v2), each owning a third of the Murmur3 ring. They do not replicate: a row lands only on the node a
/// request was sent to, which is how the tests see where the router sent it. Schema is created on each node directly.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public const string Schema = "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";

    /// <summary>Ring tokens: node i owns (token[i-1], token[i]].</summary>
    public static readonly long[] RingTokens = [-3074457345618258603L, 3074457345618258602L, long.MaxValue];

    private readonly EmbeddedNode?[] _nodes = new EmbeddedNode?[3];
    private readonly EmbeddedNodeOptions[] _options = new EmbeddedNodeOptions[3];

    private LocalCluster()
    {
    }

    public IReadOnlyList<IPEndPoint> EndPoints => _options.Select(o => new IPEndPoint(o.ListenAddress, o.NativePort)).ToList();

    public static async Task<LocalCluster> StartAsync(params string[] schema)
    {
        var cluster = new LocalCluster();
        var addresses = Enumerable.Range(1, 3).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();
        var ports = addresses.Select(FreePort).ToArray();
        var hostIds = addresses.Select(_ => Guid.NewGuid()).ToArray();
        for (int i = 0; i < 3; i++)
        {
            cluster._options[i] = new EmbeddedNodeOptions
            {
                ListenAddress = addresses[i],
                NativePort = ports[i],
                HostId = hostIds[i],
                Tokens = [RingTokens[i].ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Peers = Enumerable.Range(0, 3).Where(j => j != i)
                    .Select(j => new PeerInfo(addresses[j], ports[j], hostIds[j], [RingTokens[j].ToString(System.Globalization.CultureInfo.InvariantCulture)])).ToList(),
            };
        }
        for (int i = 0; i < 3; i++) await cluster.StartNodeAsync(i, schema);
        return cluster;
    }

    /// <summary>The index (0-2) of the node owning <paramref name="token"/>.</summary>
    public static int OwnerOf(long token)
    {
        for (int i = 0; i < RingTokens.Length; i++)
        {
            if (token <= RingTokens[i]) return i;
        }
        return 0;
    }

    /// <summary>The owner of an int partition key.</summary>
    public static int OwnerOfInt(int key)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, key);
        return OwnerOf(PartitionKeyToken.Of(bytes));
    }

    public async Task StartNodeAsync(int index, params string[] schema)
    {
        var node = new EmbeddedNode(_options[index]);
        await node.StartAsync(new IPEndPoint(_options[index].ListenAddress, _options[index].NativePort));
        _nodes[index] = node;
        await using var connection = await ConnectAsync(index);
        await connection.QueryAsync(Schema);
        foreach (var statement in schema) await connection.QueryAsync(statement);
    }

    public async Task StopNodeAsync(int index)
    {
        var node = _nodes[index];
        _nodes[index] = null;
        if (node is not null) await node.DisposeAsync();
    }

    public Task<CqlConnection> ConnectAsync(int index) => CqlConnection.ConnectAsync(EndPoints[index]);

    /// <summary>The rows <paramref name="cql"/> returns when run on node <paramref name="index"/> directly.</summary>
    public async Task<List<T>> ReadAsync<T>(int index, string cql, Func<RowsResult, int, T> read)
    {
        await using var connection = await ConnectAsync(index);
        var rows = (RowsResult)await connection.QueryAsync(cql);
        return Enumerable.Range(0, rows.RowCount).Select(r => read(rows, r)).ToList();
    }

    private static int FreePort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = 0; i < 3; i++) await StopNodeAsync(i);
    }
}
