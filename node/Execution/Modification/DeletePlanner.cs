using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Select;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>DELETE: partition, row, clustering range, columns or collection elements, all by tombstone timestamp.</summary>
internal static class DeletePlanner
{
    public static List<MutationPlan> Plan(DeleteStatement s, TableMetadata table, QueryContext ctx)
    {
        var where = WhereClause.Analyze(table, s.Where, ctx.Values);
        var keys = KeyTargets.Partitions(table, where);
        var options = WriteOptions.From(null, s.Timestamp, table, ctx);
        var targets = s.Targets.Select(t =>
        {
            var col = table.Find(t.Column) ?? throw CqlException.Invalid($"Undefined column name {t.Column}");
            if (col.IsPrimaryKey) throw CqlException.Invalid($"Invalid identifier {col.Name} for deletion (should not be a PRIMARY KEY part)");
            object? element = null;
            if (t.Key is not null)
            {
                var kt = col.Type switch { ListType => CqlType.Int, MapType m => m.Key, SetType st => st.Element, _ => throw CqlException.Invalid($"Invalid element access on non-collection column {col.Name}") };
                element = TermEvaluator.Evaluate(t.Key, kt, col.Name, ctx.Values);
            }
            return (Column: col, HasElement: t.Key is not null, Element: element);
        }).ToList();
        var full = KeyTargets.FullClusterings(table, where);
        bool onlyStatic = targets.Count > 0 && targets.All(t => t.Column.Kind == ColumnKind.Static);
        if (targets.Count > 0 && full is null && !(onlyStatic && !where.HasClusteringRestrictions))
            throw CqlException.Invalid($"Some clustering keys are missing: {KeyTargets.MissingClustering(table, where)}");
        bool conditional = s.IfExists || s.Conditions.Count > 0;
        if (conditional && (keys.Count > 1 || full is null && table.Clustering.Count > 0 && !onlyStatic))
            throw CqlException.Invalid("DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions");

        var plans = new List<MutationPlan>();
        foreach (var key in keys)
        {
            var apply = new Action<Partition, long>((p, now) =>
            {
                if (targets.Count == 0)
                {
                    if (!where.HasClusteringRestrictions || table.Clustering.Count == 0 && full is not null)
                    {
                        if (table.Clustering.Count == 0)
                        {
                            var only = p.Get([]);
                            if (only is not null) only.DeletedAt = Math.Max(only.DeletedAt, options.Timestamp);
                            p.Static.DeletedAt = Math.Max(p.Static.DeletedAt, options.Timestamp);
                        }
                        else p.DeletedAt = Math.Max(p.DeletedAt, options.Timestamp);
                        return;
                    }
                    // A row or a clustering range: tombstone each matching row.
                    foreach (var row in p.Rows)
                    {
                        if (!Matches(where, table, row)) continue;
                        row.DeletedAt = Math.Max(row.DeletedAt, options.Timestamp);
                    }
                    if (full is not null)
                    {
                        foreach (var ck in full)
                        {
                            var row = p.GetOrAdd(ck);
                            row.DeletedAt = Math.Max(row.DeletedAt, options.Timestamp);
                        }
                    }
                    return;
                }
                foreach (var ck in full ?? [Array.Empty<object?>()])
                {
                    foreach (var (col, hasElement, element) in targets)
                    {
                        var target = col.Kind == ColumnKind.Static ? p.Static : p.GetOrAdd(ck);
                        object? value = null;
                        if (hasElement)
                        {
                            var current = target.LiveCell(col.Name, now, p.DeletedAt)?.Value;
                            if (current is null) continue;
                            value = CollectionOps.RemoveElement(col.Type, current, element, col.Name);
                            if (CollectionOps.IsEmptyCollection(value)) value = null;
                        }
                        target.Write(col.Name, options.Cell(value, now));
                    }
                }
            });
            var ck0 = full?[0] ?? [];
            LwtCheck? check = s.IfExists ? Conditions.Exists(table, ck0)
                : s.Conditions.Count > 0 ? Conditions.Columns(table, ck0, s.Conditions, ctx.Values) : null;
            plans.Add(new MutationPlan(table, key, apply) { Check = check });
        }
        return plans;
    }

    private static bool Matches(WhereClause where, TableMetadata table, Row row)
    {
        for (int i = 0; i < where.ClusteringValues.Length; i++)
        {
            if (where.ClusteringValues[i] is not { } options) continue;
            if (!options.Any(o => ValueOrdering.Compare(table.Clustering[i].Type, row.Clustering[i], o) == 0)) return false;
        }
        foreach (var slice in where.ClusteringSlices)
        {
            bool ok = slice.Columns.Count == 1
                ? slice.Matches(slice.Columns[0].Type, row.Clustering[slice.Columns[0].Position])
                : slice.Matches(new RowView(null!, row, 0));
            if (!ok) return false;
        }
        return true;
    }
}
