using System.Collections.Concurrent;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Storage;

/// <summary>
/// All table data of one node, by table id (a dropped and re-created table gets a new id and starts empty). In an
/// <see cref="Hosting.EmbeddedCluster"/> it outlives the node that serves it, so a restarted node keeps its data.
/// </summary>
internal sealed class NodeStorage
{
    private readonly ConcurrentDictionary<Guid, TableData> _tables = new();
    private Action<long>? _partitionTouched;

    /// <summary>
    /// Called with the token of every partition a statement addresses by key (a write, or a read that names the
    /// whole partition key); range scans are not reported. Used for the node's owned/foreign statistics.
    /// </summary>
    public Action<long>? PartitionTouched
    {
        get => Volatile.Read(ref _partitionTouched);
        set => Volatile.Write(ref _partitionTouched, value);
    }

    public TableData For(TableMetadata table) =>
        _tables.GetOrAdd(table.Id, id => new TableData(id, new ClusteringComparer(table.Clustering), this));

    public void Drop(Guid tableId) => _tables.TryRemove(tableId, out _);

    /// <summary>
    /// Catches up with DDL run through another node of the cluster: data of tables no longer in
    /// <paramref name="schema"/> is dropped, and an ALTERed table's clustering comparer is renewed (column renames).
    /// </summary>
    public void Reconcile(SchemaSnapshot schema, SchemaChange change)
    {
        var tables = schema.Keyspaces.Values.SelectMany(k => k.Tables.Values).ToDictionary(t => t.Id);
        foreach (var (id, data) in _tables)
        {
            if (!tables.TryGetValue(id, out var table)) _tables.TryRemove(id, out _);
            else if (change is { ChangeType: SchemaChangeType.Updated, Target: SchemaChangeTarget.Table } && change.Keyspace == table.Keyspace && change.Name == table.Name)
                data.UseComparer(new ClusteringComparer(table.Clustering));
        }
    }
}
