using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.SystemTables;

/// <summary>
/// Materializes a computed system table into a throw-away <see cref="TableData"/> so the normal SELECT engine
/// (WHERE, prepared markers, paging) serves it exactly like a user table.
/// </summary>
internal static class SystemTableReader
{
    public static TableData Materialize(TableMetadata table, SchemaSnapshot schema, EmbeddedNodeOptions options)
    {
        var data = new TableData(table.Id, new ClusteringComparer(table.Clustering));
        foreach (var values in SystemRows.For(table.Keyspace, table.Name, schema, options))
        {
            var key = KeyEncoder.Encode(table, table.PartitionKey.Select(c => values.GetValueOrDefault(c.Name)).ToArray());
            var partition = data.GetOrAdd(key);
            var row = partition.GetOrAdd(table.Clustering.Select(c => values.GetValueOrDefault(c.Name)).ToArray());
            row.Marker = new Cell(true, 1, 0, Cell.Never);
            foreach (var c in table.Columns)
            {
                if (c.IsPrimaryKey || values.GetValueOrDefault(c.Name) is not { } v) continue;
                row.Write(c.Name, new Cell(v, 1, 0, Cell.Never));
            }
        }
        return data;
    }
}
