namespace ScriptProxy.Node.Storage;

/// <summary>
/// A CQL row inside a partition. Mutated only under the owning partition's lock. A row exists for reads when its
/// INSERT marker or any regular cell is live and newer than the row's deletion.
/// </summary>
internal sealed class Row(object?[] clustering)
{
    public object?[] Clustering { get; } = clustering;

    public Dictionary<string, Cell> Cells { get; } = new(StringComparer.Ordinal);

    /// <summary>Row marker written by INSERT (Value = true); keeps the row alive with all columns null.</summary>
    public Cell? Marker { get; set; }

    /// <summary>Row tombstone timestamp: cells and markers at or below it are dead.</summary>
    public long DeletedAt { get; set; } = long.MinValue;

    public void Write(string column, in Cell cell)
    {
        if (!Cells.TryGetValue(column, out var existing) || Cell.Supersedes(cell, existing)) Cells[column] = cell;
    }

    public Cell? LiveCell(string column, long now, long partitionDeletedAt)
    {
        if (!Cells.TryGetValue(column, out var c)) return null;
        long floor = Math.Max(DeletedAt, partitionDeletedAt);
        return c.Timestamp > floor && c.IsLive(now) ? c : null;
    }

    public bool IsLive(long now, long partitionDeletedAt)
    {
        long floor = Math.Max(DeletedAt, partitionDeletedAt);
        if (Marker is { } m && m.Timestamp > floor && m.IsLive(now)) return true;
        foreach (var c in Cells.Values)
        {
            if (c.Timestamp > floor && c.IsLive(now)) return true;
        }
        return false;
    }

    /// <summary>Drops cells shadowed by a deletion so a long-lived partition does not grow without bound.</summary>
    public void Purge(long now, long partitionDeletedAt)
    {
        long floor = Math.Max(DeletedAt, partitionDeletedAt);
        List<string>? dead = null;
        foreach (var (k, c) in Cells)
        {
            if (c.Timestamp <= floor || (c.Value is not null && !c.IsLive(now))) (dead ??= []).Add(k);
        }
        if (dead is not null) foreach (var k in dead) Cells.Remove(k);
    }
}
