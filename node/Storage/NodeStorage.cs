using System.Collections.Concurrent;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Storage;

/// <summary>All table data of one node, by table id (a dropped and re-created table gets a new id and starts empty).</summary>
internal sealed class NodeStorage
{
    private readonly ConcurrentDictionary<Guid, TableData> _tables = new();

    public TableData For(TableMetadata table) =>
        _tables.GetOrAdd(table.Id, id => new TableData(id, new ClusteringComparer(table.Clustering)));

    public void Drop(Guid tableId) => _tables.TryRemove(tableId, out _);
}
