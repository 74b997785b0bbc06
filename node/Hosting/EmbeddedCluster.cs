using System.Globalization;
using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Server;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Hosting;

/// <summary>
/// A local multi-node cluster of <see cref="EmbeddedNode"/>s in one process, real enough for token-aware drivers
/// and proxies: node i listens on 127.0.0.(1+i), owns one evenly spaced Murmur3 token (so the range
/// (token(i-1), token(i)]), and lists the others in system.peers/peers_v2 with consistent host ids, data center,
/// rack and one schema_version. Schema is shared (DDL through any node is visible on all at once, and every node
/// pushes the SCHEMA_CHANGE); data is per node: a node stores whatever it is sent, owned or not, and counts foreign
/// partitions in <see cref="NodeStatistics"/>. There is no replication: a row is only on the node that took the write.
/// </summary>
/// <remarks>
/// <see cref="StopNodeAsync"/> and <see cref="RestartNodeAsync"/> model a node going down and coming back on the same
/// address and port: the others push STATUS_CHANGE DOWN/UP; the restarted node has an empty prepared-statement cache
/// (drivers get UNPREPARED and re-prepare) but keeps its data, like a Cassandra node restarting from its sstables.
/// <see cref="AddNodeAsync"/> joins a new node (TOPOLOGY_CHANGE NEW_NODE); it takes over half of the largest range
/// but no data is streamed to it.
/// </remarks>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly SchemaManager _schema = NodeCore.CreateSchema();
    private readonly List<ClusterMember> _members = [];
    private readonly SemaphoreSlim _membership = new(1, 1);

    private EmbeddedCluster(EmbeddedClusterOptions options)
    {
        Options = options;
        // A DROP or ALTER run through one node must reach the data of every node, running or not.
        _schema.Changed += change =>
        {
            foreach (var m in Snapshot()) m.Storage.Reconcile(_schema.Current, change);
        };
    }

    public EmbeddedClusterOptions Options { get; }

    /// <summary>Number of nodes (running or stopped).</summary>
    public int Count
    {
        get
        {
            lock (_members) return _members.Count;
        }
    }

    /// <summary>Every node's native endpoint, in node order (bound ports when <see cref="EmbeddedClusterOptions.NativePort"/> was 0).</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => Snapshot().Select(m => m.EndPoint).ToList();

    /// <summary>Starts <see cref="EmbeddedClusterOptions.Nodes"/> nodes; returns once all listen and know each other.</summary>
    public static async Task<EmbeddedCluster> StartAsync(EmbeddedClusterOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EmbeddedClusterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 1);
        var cluster = new EmbeddedCluster(options);
        try
        {
            var tokens = TokenRing.EvenlySpaced(options.Nodes);
            for (int i = 0; i < options.Nodes; i++)
            {
                var member = new ClusterMember(cluster.IdentityFor(i, tokens[i]), new NodeStorage());
                lock (cluster._members) cluster._members.Add(member);
                await cluster.LaunchAsync(member, ct).ConfigureAwait(false);
            }
            cluster.RefreshPeers();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The running node <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The node is stopped.</exception>
    public EmbeddedNode Node(int index) => Member(index).Running ?? throw new InvalidOperationException($"Node {index} is stopped");

    public bool IsRunning(int index) => Member(index).Running is not null;

    public IPEndPoint EndPointOf(int index) => Member(index).EndPoint;

    /// <summary>The host id node <paramref name="index"/> keeps across restarts.</summary>
    public Guid HostIdOf(int index) => Member(index).Identity.HostId;

    /// <summary>The token of node <paramref name="index"/>: it owns (previous node's token, this token].</summary>
    public long TokenOf(int index) => long.Parse(Member(index).Identity.Tokens[0], CultureInfo.InvariantCulture);

    /// <summary>The Murmur3 token of a serialized partition key, as Cassandra and token-aware drivers compute it.</summary>
    public static long TokenOfKey(ReadOnlySpan<byte> partitionKey) => Murmur3.Token(partitionKey);

    /// <summary>The index of the node that owns <paramref name="token"/> (primary replica).</summary>
    public int OwnerOf(long token)
    {
        var members = Snapshot();
        var ring = members.Select((m, i) => (Token: long.Parse(m.Identity.Tokens[0], CultureInfo.InvariantCulture), Index: i)).OrderBy(e => e.Token).ToList();
        foreach (var (t, i) in ring)
        {
            if (token <= t) return i;
        }
        return ring[0].Index;
    }

    /// <summary>Stops node <paramref name="index"/> (its clients are disconnected); the others push STATUS_CHANGE DOWN.</summary>
    public async Task StopNodeAsync(int index, CancellationToken ct = default)
    {
        await _membership.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var member = Member(index);
            var node = member.Running ?? throw new InvalidOperationException($"Node {index} is already stopped");
            member.Running = null;
            await node.DisposeAsync().ConfigureAwait(false);
            AnnounceToOthers(member, new StatusChangeEvent(StatusChangeType.Down, member.EndPoint));
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>
    /// Starts stopped node <paramref name="index"/> again on the same address and port, with its data but an empty
    /// prepared-statement cache; the others push STATUS_CHANGE UP.
    /// </summary>
    public Task RestartNodeAsync(int index, CancellationToken ct = default) => RestartNodeAsync(index, null, ct);

    /// <summary>
    /// As <see cref="RestartNodeAsync(int, CancellationToken)"/>, the node coming back with <paramref name="users"/> as
    /// its login roles (null: the ones it had): a password changed while it was down, since a running node's roles are
    /// fixed. Later restarts keep the new roles.
    /// </summary>
    public async Task RestartNodeAsync(int index, IReadOnlyList<NodeUser>? users, CancellationToken ct = default)
    {
        await _membership.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var member = Member(index);
            if (member.Running is not null) throw new InvalidOperationException($"Node {index} is running");
            if (users is not null) member.Identity = member.Identity with { Users = users };
            await LaunchAsync(member, ct).ConfigureAwait(false);
            AnnounceToOthers(member, new StatusChangeEvent(StatusChangeType.Up, member.EndPoint));
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>
    /// Joins one more node on the next address, with a token halving the largest range; every node's peers are
    /// updated and the others push TOPOLOGY_CHANGE NEW_NODE. Returns the new node's index.
    /// </summary>
    public async Task<int> AddNodeAsync(CancellationToken ct = default)
    {
        await _membership.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int index = Count;
            var member = new ClusterMember(IdentityFor(index, SplitLargestRange()), new NodeStorage());
            lock (_members) _members.Add(member);
            try
            {
                await LaunchAsync(member, ct).ConfigureAwait(false);
            }
            catch
            {
                lock (_members) _members.Remove(member);
                throw;
            }
            RefreshPeers();
            AnnounceToOthers(member, new TopologyChangeEvent(TopologyChangeType.NewNode, member.EndPoint));
            return index;
        }
        finally
        {
            _membership.Release();
        }
    }

    private long SplitLargestRange()
    {
        var tokens = Snapshot().Select(m => long.Parse(m.Identity.Tokens[0], CultureInfo.InvariantCulture)).Order().ToArray();
        Int128 bestStart = 0, bestLength = -1;
        for (int i = 0; i < tokens.Length; i++)
        {
            Int128 start = tokens[i];
            Int128 end = i + 1 < tokens.Length ? tokens[i + 1] : (Int128)tokens[0] + ((Int128)1 << 64);
            if (end - start > bestLength)
            {
                bestLength = end - start;
                bestStart = start;
            }
        }
        Int128 middle = bestStart + bestLength / 2;
        if (middle > long.MaxValue) middle -= (Int128)1 << 64;
        return (long)middle;
    }

    private EmbeddedNodeOptions IdentityFor(int index, long token) => new()
    {
        ClusterName = Options.ClusterName,
        DataCenter = Options.DataCenter,
        Rack = Options.Rack,
        ListenAddress = Options.AddressOf(index),
        NativePort = Options.NativePort,
        HostId = Guid.NewGuid(),
        Tokens = [token.ToString(CultureInfo.InvariantCulture)],
        Users = Options.Users,
        TlsCertificate = Options.TlsCertificate,
    };

    /// <summary>Starts a node for <paramref name="member"/> and records the port it bound (port 0 on first start).</summary>
    private async Task LaunchAsync(ClusterMember member, CancellationToken ct)
    {
        var sharing = new NodeSharing(_schema, member.Storage, TruncateEverywhere);
        var node = new EmbeddedNode(member.Identity, sharing);
        try
        {
            await node.StartAsync(member.EndPoint, ct).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        member.Identity = node.Options;
        member.Running = node;
    }

    /// <summary>Tells every node about all the others (with their bound ports), which also rebuilds their token rings.</summary>
    private void RefreshPeers()
    {
        var members = Snapshot();
        foreach (var m in members)
        {
            var peers = members.Where(o => o != m).Select(o => o.AsPeer()).ToList();
            m.Identity = m.Identity with { Peers = peers };
            m.Running?.Reconfigure(o => o with { Peers = peers });
        }
    }

    private void TruncateEverywhere(TableMetadata table)
    {
        foreach (var m in Snapshot()) m.Storage.For(table).Clear();
    }

    private void AnnounceToOthers(ClusterMember subject, EventResponse e)
    {
        foreach (var m in Snapshot())
        {
            if (m != subject) m.Running?.Announce(e);
        }
    }

    private ClusterMember Member(int index)
    {
        lock (_members)
        {
            if ((uint)index >= (uint)_members.Count) throw new ArgumentOutOfRangeException(nameof(index), $"The cluster has {_members.Count} nodes");
            return _members[index];
        }
    }

    private ClusterMember[] Snapshot()
    {
        lock (_members) return [.. _members];
    }

    /// <summary>Stops every running node.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var m in Snapshot())
        {
            var node = m.Running;
            m.Running = null;
            if (node is not null) await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
