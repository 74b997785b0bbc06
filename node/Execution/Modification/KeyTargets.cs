using ScriptProxy.Node.Execution.Select;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>The partitions and clustering keys an UPDATE/DELETE names in its WHERE clause.</summary>
internal static class KeyTargets
{
    public static List<PartitionKey> Partitions(TableMetadata table, WhereClause where)
    {
        var missing = table.PartitionKey.Where((c, i) => where.PartitionValues[i] is null).Select(c => c.Name).ToList();
        if (missing.Count > 0) throw CqlException.Invalid($"Some partition key parts are missing: {string.Join(", ", missing)}");
        if (where.Filters.Count > 0)
        {
            var f = where.Filters[0].Columns[0];
            throw CqlException.Invalid(f.IsPrimaryKey ? $"Invalid operator for PRIMARY KEY part {f.Name}" : $"Non PRIMARY KEY columns found in where clause: {f.Name}");
        }
        return KeyEncoder.Cartesian(where.PartitionValues.Select(v => v!).ToList()).Select(v => KeyEncoder.Encode(table, v)).Distinct().ToList();
    }

    /// <summary>Full clustering keys (= / IN on every clustering column), or null when some are missing.</summary>
    public static List<object?[]>? FullClusterings(TableMetadata table, WhereClause where)
    {
        if (where.ClusteringSlices.Count > 0 || where.ClusteringPrefixLength < table.Clustering.Count) return null;
        return KeyEncoder.Cartesian(where.ClusteringValues.Select(v => v!).ToList());
    }

    public static string MissingClustering(TableMetadata table, WhereClause where) =>
        string.Join(", ", table.Clustering.Where((c, i) => where.ClusteringValues[i] is null).Select(c => c.Name));
}
