using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>
/// WHERE relations evaluated against a table: candidate partition key values (= and IN), token bounds, clustering
/// equality/IN per column, clustering slices, and filters on other columns.
/// </summary>
internal sealed class WhereClause
{
    public List<object?>?[] PartitionValues { get; private init; } = [];

    public List<object?>?[] ClusteringValues { get; private init; } = [];

    public List<Predicate> ClusteringSlices { get; } = [];

    public List<Predicate> Filters { get; } = [];

    public long TokenLow { get; private set; } = long.MinValue;

    public bool TokenLowInclusive { get; private set; } = true;

    public long TokenHigh { get; private set; } = long.MaxValue;

    public bool HasToken { get; private set; }

    /// <summary>All partition key columns have = or IN values.</summary>
    public bool PartitionKeyComplete => PartitionValues.All(v => v is not null);

    /// <summary>Leading clustering columns with = or IN, in order.</summary>
    public int ClusteringPrefixLength
    {
        get
        {
            int n = 0;
            while (n < ClusteringValues.Length && ClusteringValues[n] is not null) n++;
            return n;
        }
    }

    public bool HasClusteringRestrictions => ClusteringValues.Any(v => v is not null) || ClusteringSlices.Count > 0;

    public static WhereClause Analyze(TableMetadata table, IReadOnlyList<Relation> relations, BoundValues values)
    {
        var w = new WhereClause
        {
            PartitionValues = new List<object?>?[table.PartitionKey.Count],
            ClusteringValues = new List<object?>?[table.Clustering.Count],
        };
        foreach (var r in relations)
        {
            if (r.IsToken)
            {
                w.AddToken(r, values);
                continue;
            }
            var cols = r.Columns.Select(n => table.Find(n) ?? throw CqlException.Invalid($"Undefined column name {n}")).ToArray();
            if (cols.Length > 1)
            {
                if (cols.Any(c => c.Kind != ColumnKind.Clustering))
                    throw CqlException.Invalid("Multi-column relations can only be applied to clustering columns");
                var tupleType = new TupleType(cols.Select(c => c.Type).ToArray());
                string name = "(" + string.Join(",", cols.Select(c => c.Name)) + ")";
                if (r.Op == RelationOp.In)
                {
                    var ins = r.InValues is not null
                        ? r.InValues.Select(t => TermEvaluator.Evaluate(t, tupleType, name, values)).ToList()
                        : ((List<object?>?)TermEvaluator.Evaluate(r.Value!, CqlType.ListOf(tupleType), name, values)) ?? [];
                    w.ClusteringSlices.Add(new Predicate(cols, RelationOp.In, null, ins));
                }
                else
                {
                    var v = TermEvaluator.Evaluate(r.Value!, tupleType, name, values);
                    w.ClusteringSlices.Add(new Predicate(cols, r.Op, v, null));
                }
                continue;
            }
            var col = cols[0];
            var p = Evaluate(col, r, values);
            bool keyEq = r.Op is RelationOp.Eq or RelationOp.In && r.MapKey is null;
            if (col.Kind == ColumnKind.PartitionKey && keyEq)
                w.PartitionValues[col.Position] = p.Op == RelationOp.Eq ? [p.Value] : p.InValues!.ToList();
            else if (col.Kind == ColumnKind.Clustering && keyEq)
                w.ClusteringValues[col.Position] = p.Op == RelationOp.Eq ? [p.Value] : p.InValues!.ToList();
            else if (col.Kind == ColumnKind.Clustering && r.Op is RelationOp.Lt or RelationOp.Lte or RelationOp.Gt or RelationOp.Gte)
                w.ClusteringSlices.Add(p);
            else w.Filters.Add(p);
        }
        return w;
    }

    /// <summary>Evaluates one single-column relation (also used for IF conditions).</summary>
    public static Predicate Evaluate(ColumnMetadata col, Relation r, BoundValues values)
    {
        CqlType valueType = col.Type;
        object? mapKey = null;
        if (r.MapKey is not null)
        {
            if (col.Type is not MapType mt) throw CqlException.Invalid($"Column {col.Name} is not a map");
            mapKey = TermEvaluator.Evaluate(r.MapKey, mt.Key, col.Name, values);
            valueType = mt.Value;
        }
        switch (r.Op)
        {
            case RelationOp.In:
            {
                List<object?> ins = r.InValues is not null
                    ? r.InValues.Select(t => TermEvaluator.Evaluate(t, valueType, col.Name, values)).ToList()
                    : (TermEvaluator.Evaluate(r.Value!, CqlType.ListOf(valueType), $"in({col.Name})", values) as List<object?>) ?? [];
                if (ins.Any(v => v is UnsetValue)) throw CqlException.Invalid($"Invalid unset value for column {col.Name}");
                return new Predicate([col], RelationOp.In, null, ins, mapKey);
            }
            case RelationOp.Contains:
            {
                var et = col.Type switch { ListType l => l.Element, SetType s => s.Element, MapType m => m.Value, _ => throw CqlException.Invalid($"Cannot use CONTAINS on non-collection column {col.Name}") };
                return new Predicate([col], r.Op, TermEvaluator.Evaluate(r.Value!, et, col.Name, values), null);
            }
            case RelationOp.ContainsKey:
            {
                if (col.Type is not MapType m) throw CqlException.Invalid($"Cannot use CONTAINS KEY on non-map column {col.Name}");
                return new Predicate([col], r.Op, TermEvaluator.Evaluate(r.Value!, m.Key, col.Name, values), null);
            }
            case RelationOp.IsNotNull:
                return new Predicate([col], r.Op, null, null);
            default:
            {
                var v = TermEvaluator.Evaluate(r.Value!, valueType, col.Name, values);
                if (v is UnsetValue) throw CqlException.Invalid($"Invalid unset value for column {col.Name}");
                if (v is null && col.IsPrimaryKey) throw CqlException.Invalid($"Invalid null value in condition for column {col.Name}");
                return new Predicate([col], r.Op, v, null, mapKey);
            }
        }
    }

    private void AddToken(Relation r, BoundValues values)
    {
        HasToken = true;
        var v = TermEvaluator.Evaluate(r.Value!, CqlType.Bigint, "partition key token", values);
        if (v is not long t) throw CqlException.Invalid("Invalid null value for partition key token");
        switch (r.Op)
        {
            case RelationOp.Gt: SetLow(t, false); break;
            case RelationOp.Gte: SetLow(t, true); break;
            case RelationOp.Lt: SetHigh(t == long.MinValue ? long.MinValue : t - 1); break;
            case RelationOp.Lte: SetHigh(t); break;
            case RelationOp.Eq:
                SetLow(t, true);
                SetHigh(t);
                break;
            default: throw CqlException.Invalid($"Unsupported operator on token: {r.Op}");
        }
    }

    private void SetLow(long t, bool inclusive)
    {
        if (t > TokenLow || (t == TokenLow && !inclusive))
        {
            TokenLow = t;
            TokenLowInclusive = inclusive;
        }
    }

    private void SetHigh(long t)
    {
        if (t < TokenHigh) TokenHigh = t;
    }

    public bool TokenInRange(long token) =>
        (TokenLowInclusive ? token >= TokenLow : token > TokenLow) && token <= TokenHigh;
}
