using System.Collections.Concurrent;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Storage;

/// <summary>
/// The partitions of one table. Partitions are found by key in a concurrent dictionary; range scans and paging
/// walk a token-ordered array that is rebuilt lazily only after partitions were added or removed.
/// Keyed access (<see cref="Get"/>, <see cref="GetOrAdd"/>) reports the partition's token to the owning
/// <see cref="NodeStorage"/> (null for throw-away tables such as materialized system tables).
/// </summary>
internal sealed class TableData(Guid tableId, ClusteringComparer comparer, NodeStorage? owner = null)
{
    private readonly ConcurrentDictionary<PartitionKey, Partition> _partitions = new();
    private Partition[]? _sorted;
    private long _version;
    private long _sortedVersion = -1;

    public Guid TableId { get; } = tableId;

    public ClusteringComparer Comparer { get; private set; } = comparer;

    public int Count => _partitions.Count;

    public Partition? Get(PartitionKey key)
    {
        owner?.PartitionTouched?.Invoke(key.Token);
        return _partitions.GetValueOrDefault(key);
    }

    public Partition GetOrAdd(PartitionKey key)
    {
        owner?.PartitionTouched?.Invoke(key.Token);
        if (_partitions.TryGetValue(key, out var p)) return p;
        var created = _partitions.GetOrAdd(key, k => new Partition(k, Comparer));
        Interlocked.Increment(ref _version);
        return created;
    }

    public void Clear()
    {
        _partitions.Clear();
        Interlocked.Increment(ref _version);
    }

    public void UseComparer(ClusteringComparer comparer)
    {
        Comparer = comparer;
        foreach (var p in _partitions.Values) p.UseComparer(comparer);
    }

    /// <summary>All partitions in token order (a snapshot array; partitions themselves stay live objects).</summary>
    public Partition[] Sorted()
    {
        long v = Interlocked.Read(ref _version);
        var cached = Volatile.Read(ref _sorted);
        if (cached is not null && Interlocked.Read(ref _sortedVersion) == v) return cached;
        var array = _partitions.Values.ToArray();
        Array.Sort(array, (a, b) => a.Key.CompareTo(b.Key));
        Volatile.Write(ref _sorted, array);
        Interlocked.Exchange(ref _sortedVersion, v);
        return array;
    }

    /// <summary>The index of the first partition at or after <paramref name="key"/> in <paramref name="sorted"/>.</summary>
    public static int LowerBound(Partition[] sorted, PartitionKey key)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].Key.CompareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The index of the first partition whose token is &gt;= token.</summary>
    public static int LowerBound(Partition[] sorted, long token)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].Key.Token < token) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
