using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>INSERT: a row marker plus one cell per named column (nulls become tombstones, unset values are skipped).</summary>
internal static class InsertPlanner
{
    public static MutationPlan Plan(InsertStatement s, TableMetadata table, QueryContext ctx)
    {
        if (table.IsCounter) throw CqlException.Invalid("INSERT statements are not allowed on counter tables, use UPDATE instead");
        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (s.Json is not null)
        {
            var json = TermEvaluator.Evaluate(s.Json, CqlType.Text, "[json]", ctx.Values) as string ?? throw CqlException.Invalid("Got null for INSERT JSON values");
            foreach (var (k, v) in JsonValueReader.ReadObject(table, json)) named[k] = v;
            if (!s.JsonDefaultUnset)
            {
                foreach (var c in table.Columns) named.TryAdd(c.Name, null);
            }
        }
        else
        {
            for (int i = 0; i < s.Columns.Count; i++)
            {
                var col = table.Find(s.Columns[i]) ?? throw CqlException.Invalid($"Undefined column name {s.Columns[i]}");
                if (named.ContainsKey(col.Name)) throw CqlException.Invalid($"Multiple definitions found for column {col.Name}");
                named[col.Name] = TermEvaluator.Evaluate(s.Values[i], col.Type, col.Name, ctx.Values);
            }
        }
        var missingPk = table.PartitionKey.Where(c => !named.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (missingPk.Count > 0) throw CqlException.Invalid($"Some partition key parts are missing: {string.Join(", ", missingPk)}");
        var missingCk = table.Clustering.Where(c => !named.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (missingCk.Count > 0) throw CqlException.Invalid($"Some clustering keys are missing: {string.Join(", ", missingCk)}");
        var key = KeyEncoder.Encode(table, table.PartitionKey.Select(c => named[c.Name]).ToArray());
        var clustering = table.Clustering.Select(c => named[c.Name] is UnsetValue ? throw CqlException.Invalid($"Invalid unset value for column {c.Name}")
            : named[c.Name] ?? throw CqlException.Invalid($"Invalid null value in condition for clustering column {c.Name}")).ToArray();
        var options = WriteOptions.From(s.Ttl, s.Timestamp, table, ctx);
        var cells = table.Columns.Where(c => !c.IsPrimaryKey && named.ContainsKey(c.Name) && named[c.Name] is not UnsetValue)
            .Select(c => (c, CollectionOps.IsEmptyCollection(named[c.Name]) ? null : named[c.Name])).ToArray();

        var plan = new MutationPlan(table, key, (p, now) =>
        {
            var row = p.GetOrAdd(clustering);
            var marker = options.Cell(true, now);
            if (row.Marker is not { } m || Storage.Cell.Supersedes(marker, m)) row.Marker = marker;
            foreach (var (c, v) in cells)
            {
                var target = c.Kind == ColumnKind.Static ? p.Static : row;
                target.Write(c.Name, options.Cell(v, now));
            }
        });
        return s.IfNotExists ? new MutationPlan(table, key, plan.Apply) { Check = Conditions.NotExists(table, clustering) } : plan;
    }
}
