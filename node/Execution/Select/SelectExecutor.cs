using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>
/// Runs a SELECT over one table's partitions: partitions by key (=/IN) or in token order (scan, token ranges),
/// rows in clustering order (reversed for ORDER BY against the declared order), filters, limits and paging.
/// Each partition is read under its own lock; nothing global is held.
/// </summary>
internal static class SelectExecutor
{
    private const string FilteringMessage = "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING";

    public static RowSet Execute(SelectStatement s, TableMetadata table, TableData data, QueryContext ctx, bool lenient)
    {
        var where = WhereClause.Analyze(table, s.Where, ctx.Values);
        var filters = new List<Predicate>(where.Filters);
        if (!where.PartitionKeyComplete)
        {
            for (int i = 0; i < where.PartitionValues.Length; i++)
            {
                if (where.PartitionValues[i] is { } vals) filters.Add(new Predicate([table.PartitionKey[i]], RelationOp.In, null, vals));
            }
        }
        if (!lenient && !s.AllowFiltering)
        {
            bool needsFiltering = filters.Any(f => !f.Columns[0].IsPrimaryKey && !table.Indexes.Values.Any(t => t == f.Columns[0].Name || t.EndsWith($"({f.Columns[0].Name})", StringComparison.Ordinal)))
                || (filters.Any(f => f.Columns[0].Kind == ColumnKind.PartitionKey) && !where.HasToken);
            if (needsFiltering) throw CqlException.Invalid(FilteringMessage);
        }
        var columns = Selection.Build(table, s.Items);
        if (s.Distinct && columns.Any(c => c.Spec.Name is var n && table.Find(n) is { Kind: ColumnKind.Clustering or ColumnKind.Regular }))
            throw CqlException.Invalid("SELECT DISTINCT queries must only request partition key columns and/or static columns (not clustering or regular columns)");
        int limit = EvalLimit(s.Limit, "[limit]", ctx);
        int perPartitionLimit = EvalLimit(s.PerPartitionLimit, "[per_partition_limit]", ctx);
        bool reversed = IsReversed(s, table);
        bool aggregate = columns.Any(c => c.IsAggregate);
        int pageSize = aggregate ? 0 : ctx.PageSize;
        var state = ctx.PagingState is { Length: > 0 } ps ? PagingState.Decode(table, ps) : null;
        var accumulators = aggregate ? columns.Select(c => c.IsAggregate ? c.NewAccumulator() : null).ToArray() : null;
        object?[]? firstRow = null;

        var rows = new List<object?[]>();
        int remaining = state?.Remaining ?? limit;
        byte[]? nextState = null;
        long now = WriteClock.WallMicros();

        foreach (var p in Partitions(table, data, where, state))
        {
            bool resuming = state is not null && p.Key.Bytes.AsSpan().SequenceEqual(state.PartitionKey);
            if (resuming && (state!.Clustering is null || state.EmittedInPartition >= perPartitionLimit)) continue;
            int emitted = resuming ? state!.EmittedInPartition : 0;
            bool stop = false;
            lock (p.Sync)
            {
                bool any = false;
                if (s.Distinct)
                {
                    if (p.HasLiveData(now) && Emit(new RowView(p, null, now), null)) stop = true;
                    any = true;
                }
                int count = s.Distinct ? 0 : p.Rows.Count;
                for (int k = 0; k < count && !stop; k++)
                {
                    var row = p.Rows[reversed ? count - 1 - k : k];
                    if (resuming)
                    {
                        int c = p.Comparer.Compare(row.Clustering, state!.Clustering!);
                        if (reversed ? c >= 0 : c <= 0) continue;
                    }
                    if (!MatchesClustering(where, table, row)) continue;
                    if (!row.IsLive(now, p.DeletedAt)) continue;
                    var view = new RowView(p, row, now);
                    if (!filters.All(f => f.Matches(view))) continue;
                    any = true;
                    if (Emit(view, row.Clustering)) stop = true;
                    if (emitted >= perPartitionLimit) break;
                }
                if (!any && !resuming && !stop && table.HasStatics && !where.HasClusteringRestrictions && p.Static.IsLive(now, p.DeletedAt))
                {
                    var view = new RowView(p, null, now);
                    if (filters.All(f => f.Matches(view)) && Emit(view, null)) stop = true;
                }
            }
            if (stop) break;

            // Returns true when the read must stop (limit reached or page full).
            bool Emit(RowView view, object?[]? clustering)
            {
                if (accumulators is not null)
                {
                    for (int i = 0; i < columns.Count; i++) accumulators[i]?.Add(view);
                    firstRow ??= columns.Select(c => c.IsAggregate ? null : c.Scalar(view)).ToArray();
                }
                else
                {
                    var values = new object?[columns.Count];
                    for (int i = 0; i < values.Length; i++) values[i] = columns[i].Scalar(view);
                    rows.Add(values);
                }
                emitted++;
                remaining--;
                if (remaining <= 0) return true;
                if (pageSize > 0 && rows.Count >= pageSize)
                {
                    nextState = new PagingState(p.Key.Bytes, clustering, remaining, emitted).Encode(table);
                    return true;
                }
                return false;
            }
        }

        if (accumulators is not null)
        {
            var row = new object?[columns.Count];
            for (int i = 0; i < row.Length; i++) row[i] = accumulators[i]?.Result() ?? firstRow?[i];
            rows.Add(row);
        }
        var specs = columns.Select(c => c.Spec).ToList();
        if (s.Json) return ToJson(table, specs, rows, nextState);
        return new RowSet(specs, rows, nextState);
    }

    private static IEnumerable<Partition> Partitions(TableMetadata table, TableData data, WhereClause where, PagingState? state)
    {
        PartitionKey? resumeKey = state is null ? null : new PartitionKey(state.PartitionKey, []);
        if (where.PartitionKeyComplete)
        {
            var keys = KeyEncoder.Cartesian(where.PartitionValues.Select(v => v!).ToList())
                .Select(v => KeyEncoder.Encode(table, v)).Distinct().ToList();
            keys.Sort((a, b) => a.CompareTo(b));
            foreach (var key in keys)
            {
                if (resumeKey is not null && key.CompareTo(resumeKey) < 0) continue;
                if (!where.TokenInRange(key.Token)) continue;
                if (data.Get(key) is { } p) yield return p;
            }
            yield break;
        }
        var sorted = data.Sorted();
        int start = resumeKey is not null ? TableData.LowerBound(sorted, resumeKey) : where.HasToken ? TableData.LowerBound(sorted, where.TokenLow) : 0;
        for (int i = start; i < sorted.Length; i++)
        {
            var p = sorted[i];
            if (p.Key.Token > where.TokenHigh) yield break;
            if (!where.TokenInRange(p.Key.Token)) continue;
            yield return p;
        }
    }

    private static bool MatchesClustering(WhereClause where, TableMetadata table, Row row)
    {
        for (int i = 0; i < where.ClusteringValues.Length; i++)
        {
            if (where.ClusteringValues[i] is not { } options) continue;
            var type = table.Clustering[i].Type;
            var actual = row.Clustering[i];
            bool found = false;
            foreach (var o in options)
            {
                if (ValueOrdering.Compare(type, actual, o) == 0) { found = true; break; }
            }
            if (!found) return false;
        }
        if (where.ClusteringSlices.Count == 0) return true;
        foreach (var slice in where.ClusteringSlices)
        {
            bool ok = slice.Columns.Count == 1
                ? slice.Matches(slice.Columns[0].Type, row.Clustering[slice.Columns[0].Position])
                : slice.Matches(new RowView(null!, row, 0));
            if (!ok) return false;
        }
        return true;
    }

    private static bool IsReversed(SelectStatement s, TableMetadata table)
    {
        if (s.OrderBy.Count == 0) return false;
        bool? reversed = null;
        for (int i = 0; i < s.OrderBy.Count; i++)
        {
            var o = s.OrderBy[i];
            var c = table.Find(o.Column) ?? throw CqlException.Invalid($"Undefined column name {o.Column}");
            if (c.Kind != ColumnKind.Clustering) throw CqlException.Invalid($"Order by is currently only supported on the clustered columns of the PRIMARY KEY, got {o.Column}");
            if (c.Position != i) throw CqlException.Invalid("Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY");
            bool r = o.Descending != c.Descending;
            if (reversed is not null && reversed != r) throw CqlException.Invalid("Unsupported order by relation");
            reversed = r;
        }
        return reversed ?? false;
    }

    private static int EvalLimit(Term? term, string name, QueryContext ctx)
    {
        if (term is null) return int.MaxValue;
        var v = TermEvaluator.Evaluate(term, CqlType.Int, name, ctx.Values);
        if (v is UnsetValue or null) return int.MaxValue;
        int n = (int)v;
        if (n <= 0) throw CqlException.Invalid(name == "[limit]" ? "LIMIT must be strictly positive" : "PER PARTITION LIMIT must be strictly positive");
        return n;
    }

    private static RowSet ToJson(TableMetadata table, List<ColumnSpec> specs, List<object?[]> rows, byte[]? state)
    {
        var json = rows.Select(r =>
        {
            var sb = new System.Text.StringBuilder("{");
            for (int i = 0; i < specs.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(System.Text.Json.JsonSerializer.Serialize(specs[i].Name)).Append(": ");
                JsonFormatter.Write(sb, specs[i].Type, r[i]);
            }
            return new object?[] { sb.Append('}').ToString() };
        }).ToList();
        return new RowSet([new ColumnSpec(table.Keyspace, table.Name, "[json]", CqlType.Text)], json, state);
    }
}
