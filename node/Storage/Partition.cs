namespace ScriptProxy.Node.Storage;

/// <summary>
/// One partition: rows sorted by clustering key, the static row, and a partition tombstone. All access goes
/// through <see cref="Sync"/>: partitions are the unit of consistency (as in Cassandra), so writers to different
/// partitions never contend.
/// </summary>
internal sealed class Partition(PartitionKey key, ClusteringComparer comparer)
{
    public PartitionKey Key { get; } = key;

    public object Sync { get; } = new();

    public ClusteringComparer Comparer { get; private set; } = comparer;

    /// <summary>Rows in clustering order. Guarded by <see cref="Sync"/>.</summary>
    public List<Row> Rows { get; } = [];

    public Row Static { get; } = new([]);

    public long DeletedAt { get; set; } = long.MinValue;

    /// <summary>Binary search: the index of the row, or the bitwise complement of its insertion point.</summary>
    public int Find(object?[] clustering)
    {
        int lo = 0, hi = Rows.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = Comparer.Compare(Rows[mid].Clustering, clustering);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }

    /// <summary>The row with this clustering key (the single row, for tables without clustering columns).</summary>
    public Row GetOrAdd(object?[] clustering)
    {
        int i = Find(clustering);
        if (i >= 0) return Rows[i];
        var row = new Row(clustering);
        Rows.Insert(~i, row);
        return row;
    }

    public Row? Get(object?[] clustering)
    {
        int i = Find(clustering);
        return i >= 0 ? Rows[i] : null;
    }

    /// <summary>After ALTER TABLE the comparer may change (new metadata instance, same order).</summary>
    public void UseComparer(ClusteringComparer comparer) => Comparer = comparer;

    public bool HasLiveData(long now)
    {
        if (Static.IsLive(now, DeletedAt)) return true;
        foreach (var r in Rows)
        {
            if (r.IsLive(now, DeletedAt)) return true;
        }
        return false;
    }
}
