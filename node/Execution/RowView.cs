using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution;

/// <summary>
/// A live row as seen by one read: partition key values, clustering values, static and regular cells, with expired
/// and shadowed cells hidden. Only valid while the partition's lock is held.
/// </summary>
internal readonly struct RowView(Partition partition, Row? row, long now)
{
    public Partition Partition { get; } = partition;

    public Row? Row { get; } = row;

    public long Now { get; } = now;

    public Cell? CellOf(ColumnMetadata c) => c.Kind switch
    {
        ColumnKind.Static => Partition.Static.LiveCell(c.Name, Now, Partition.DeletedAt),
        ColumnKind.Regular => Row?.LiveCell(c.Name, Now, Partition.DeletedAt),
        _ => null,
    };

    public object? Value(ColumnMetadata c) => c.Kind switch
    {
        ColumnKind.PartitionKey => Partition.Key.Values[c.Position],
        ColumnKind.Clustering => Row is { } r && c.Position < r.Clustering.Length ? r.Clustering[c.Position] : null,
        _ => CellOf(c)?.Value,
    };
}
