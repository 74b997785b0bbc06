namespace ScriptProxy.Transforms.Caching;

/// <summary>
/// The cache's storage: a dictionary for lookups, a linked list for recency (LRU eviction) and a per-table index for
/// invalidation. One lock: every operation is a few pointer moves, far cheaper than the upstream round trip it saves.
/// </summary>
internal sealed class LruStore(int capacity)
{
    private readonly Dictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<CacheEntry> _recency = new();
    private readonly Dictionary<string, HashSet<CacheEntry>> _byTable = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _generations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private long _epoch; // bumped by InvalidateAll, so tables never seen before are covered too

    public long Evictions;
    public long Invalidations;

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>The entry for <paramref name="key"/> if present and not expired (an expired one is dropped).</summary>
    public CacheEntry? Get(string key, long now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry)) return null;
            if (entry.Expires <= now)
            {
                Remove(entry);
                Evictions++;
                return null;
            }
            _recency.Remove(entry.Node!);
            _recency.AddFirst(entry.Node!);
            return entry;
        }
    }

    /// <summary>A table's write generation: a read may store its result only if no write happened meanwhile.</summary>
    public long Generation(string table)
    {
        lock (_lock) return (_epoch << 40) + _generations.GetValueOrDefault(table);
    }

    /// <summary>Stores <paramref name="entry"/> unless its table was written since <paramref name="generation"/>.</summary>
    public void Put(CacheEntry entry, long generation)
    {
        lock (_lock)
        {
            if ((_epoch << 40) + _generations.GetValueOrDefault(entry.Table) != generation) return;
            if (_entries.TryGetValue(entry.Key, out var old)) Remove(old);
            entry.Node = _recency.AddFirst(entry);
            _entries[entry.Key] = entry;
            if (!_byTable.TryGetValue(entry.Table, out var set)) _byTable[entry.Table] = set = [];
            set.Add(entry);
            while (_entries.Count > capacity && _recency.Last is { } last)
            {
                Remove(last.Value);
                Evictions++;
            }
        }
    }

    /// <summary>Drops the entries of <paramref name="partition"/> (null: all) of a table, and entries whose partition is unknown.</summary>
    public void Invalidate(string table, string? partition)
    {
        lock (_lock)
        {
            _generations[table] = _generations.GetValueOrDefault(table) + 1;
            if (!_byTable.TryGetValue(table, out var set)) return;
            foreach (var entry in set.Where(e => partition is null || e.Partition is null || e.Partition == partition).ToList())
            {
                Remove(entry);
                Invalidations++;
            }
        }
    }

    /// <summary>Drops everything (a write the cache could not attribute to a table).</summary>
    public void InvalidateAll()
    {
        lock (_lock)
        {
            _epoch++;
            Invalidations += _entries.Count;
            _entries.Clear();
            _recency.Clear();
            _byTable.Clear();
        }
    }

    private void Remove(CacheEntry entry)
    {
        _entries.Remove(entry.Key);
        if (entry.Node is { List: not null } node) _recency.Remove(node);
        if (_byTable.TryGetValue(entry.Table, out var set)) set.Remove(entry);
    }
}
