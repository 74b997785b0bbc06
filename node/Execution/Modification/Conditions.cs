using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Select;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>Builds the LWT checks: IF NOT EXISTS, IF EXISTS and IF col op value, with Cassandra's result columns.</summary>
internal static class Conditions
{
    private static ColumnSpec Applied(TableMetadata t) => new(t.Keyspace, t.Name, "[applied]", CqlType.Boolean);

    public static LwtCheck NotExists(TableMetadata table, object?[] clustering) => new((p, now) =>
    {
        var row = table.Clustering.Count == 0 ? p.Rows.FirstOrDefault() : p.Get(clustering);
        bool exists = row is not null && row.IsLive(now, p.DeletedAt) || (table.Clustering.Count == 0 && p.Static.IsLive(now, p.DeletedAt));
        if (!exists) return new ConditionOutcome(true, [Applied(table)], [true]);
        var view = new RowView(p, row, now);
        var specs = new List<ColumnSpec> { Applied(table) };
        var values = new List<object?> { false };
        foreach (var c in table.Columns)
        {
            specs.Add(new ColumnSpec(table.Keyspace, table.Name, c.Name, c.Type));
            values.Add(view.Value(c));
        }
        return new ConditionOutcome(false, specs, values.ToArray());
    }, clustering, null);

    public static LwtCheck Exists(TableMetadata table, object?[] clustering) => new((p, now) =>
    {
        var row = p.Get(clustering);
        bool exists = row is not null && row.IsLive(now, p.DeletedAt);
        return new ConditionOutcome(exists, [Applied(table)], [exists]);
    }, clustering, null);

    public static LwtCheck Columns(TableMetadata table, object?[] clustering, IReadOnlyList<Condition> conditions, BoundValues values)
    {
        var predicates = conditions.Select(c =>
        {
            var col = table.Find(c.Column) ?? throw CqlException.Invalid($"Undefined column name {c.Column}");
            if (col.IsPrimaryKey) throw CqlException.Invalid($"PRIMARY KEY column '{col.Name}' cannot have IF conditions");
            var relation = new Relation([c.Column], false, c.Op, c.Value, c.InValues, col.Type is MapType ? c.ElementKey : null);
            return WhereClause.Evaluate(col, relation, values);
        }).ToList();
        var columns = predicates.Select(p => p.Columns[0]).Distinct().OrderBy(c => table.Columns.ToList().IndexOf(c)).ToList();
        bool anyStatic = columns.Any(c => c.Kind == ColumnKind.Static);
        return new LwtCheck((p, now) =>
        {
            var view = new RowView(p, p.Get(clustering), now);
            bool ok = predicates.All(pr => pr.Matches(view));
            if (ok) return new ConditionOutcome(true, [Applied(table)], [true]);
            // Cassandra reports the current values only of a row its read found; a missing row gives [applied] alone.
            bool found = view.Row is { } r && r.IsLive(now, p.DeletedAt) || (anyStatic && p.Static.IsLive(now, p.DeletedAt));
            if (!found) return new ConditionOutcome(false, [Applied(table)], [false]);
            var specs = new List<ColumnSpec> { Applied(table) };
            specs.AddRange(columns.Select(c => new ColumnSpec(table.Keyspace, table.Name, c.Name, c.Type)));
            return new ConditionOutcome(false, specs, new object?[] { false }.Concat(columns.Select(c => view.Value(c))).ToArray());
        }, clustering, columns);
    }
}
