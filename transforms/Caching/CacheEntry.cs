using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Transforms.Caching;

/// <summary>One cached result: an owned copy of the rows, the table and partition it came from, and when it expires.</summary>
internal sealed class CacheEntry(string key, string table, string? partition, RowsResult rows, long expires)
{
    public string Key { get; } = key;

    public string Table { get; } = table;

    /// <summary>Null when the partition is unknown: then any write to the table invalidates the entry.</summary>
    public string? Partition { get; } = partition;

    public RowsResult Rows { get; } = rows;

    public long Expires { get; } = expires;

    public LinkedListNode<CacheEntry>? Node { get; set; }
}
