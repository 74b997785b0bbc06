using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>
/// The result of a conditional batch whose conditions failed, as Cassandra builds it: one row per existing row the
/// conditions read (in clustering order), each <c>[applied]</c> = false followed by the whole row when any statement
/// is IF EXISTS / IF NOT EXISTS, otherwise by the primary key (to tell the rows apart) and the columns the conditions
/// name. No existing row: <c>[applied]</c> alone. Drivers scan these rows (gocql's ExecuteBatchCAS iterates them).
/// </summary>
internal static class BatchCasResult
{
    /// <summary>Must run under the partition's lock.</summary>
    public static RowSet Failed(TableMetadata table, IReadOnlyList<LwtCheck> checks, Partition partition, long now)
    {
        var applied = new ColumnSpec(table.Keyspace, table.Name, "[applied]", CqlType.Boolean);
        var columns = checks.Any(c => c.Columns is null)
            ? table.Columns.ToList()
            : table.PartitionKey.Concat(table.Clustering).Concat(checks.SelectMany(c => c.Columns!)).Distinct().ToList();
        var read = new List<Row>();
        foreach (var check in checks)
        {
            var row = table.Clustering.Count == 0 ? partition.Rows.FirstOrDefault() : partition.Get(check.Clustering);
            if (row is not null && row.IsLive(now, partition.DeletedAt) && !read.Contains(row)) read.Add(row);
        }
        if (read.Count == 0) return new RowSet([applied], [[false]], null);
        read.Sort((a, b) => partition.Comparer.Compare(a.Clustering, b.Clustering));
        var specs = new List<ColumnSpec> { applied };
        specs.AddRange(columns.Select(c => new ColumnSpec(table.Keyspace, table.Name, c.Name, c.Type)));
        var rows = read.Select(row =>
        {
            var view = new RowView(partition, row, now);
            return new object?[] { false }.Concat(columns.Select(view.Value)).ToArray();
        }).ToList();
        return new RowSet(specs, rows, null);
    }
}
