using System.Collections;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>
/// An evaluated restriction on one column (or a tuple of clustering columns): op plus the bound value(s).
/// Used for clustering slices, ALLOW FILTERING on regular columns and IF conditions.
/// </summary>
internal sealed record Predicate(IReadOnlyList<ColumnMetadata> Columns, RelationOp Op, object? Value, IReadOnlyList<object?>? InValues, object? MapKey = null)
{
    public bool Matches(in RowView row)
    {
        if (Columns.Count > 1)
        {
            var actual = new object?[Columns.Count];
            for (int i = 0; i < Columns.Count; i++) actual[i] = row.Value(Columns[i]);
            return MatchesTuple(actual);
        }
        return Matches(Columns[0].Type, row.Value(Columns[0]));
    }

    public bool Matches(CqlType type, object? actual)
    {
        if (MapKey is not null && type is MapType mt)
        {
            actual = actual is IList map ? Lookup(mt, map, MapKey) : null;
            type = mt.Value;
        }
        switch (Op)
        {
            case RelationOp.In:
                return InValues!.Any(v => ValueOrdering.Compare(type, actual, v) == 0 && (actual is null) == (v is null));
            case RelationOp.Contains:
                if (actual is not IList items) return false;
                var elementType = type switch { ListType l => l.Element, SetType s => s.Element, MapType m => m.Value, _ => type };
                foreach (var it in items)
                {
                    var e = it is KeyValuePair<object?, object?> kv ? kv.Value : it;
                    if (ValueOrdering.Compare(elementType, e, Value) == 0) return true;
                }
                return false;
            case RelationOp.ContainsKey:
                return actual is IList m2 && type is MapType mk && Lookup(mk, m2, Value) is not null;
            case RelationOp.IsNotNull:
                return actual is not null;
            case RelationOp.Like:
                return actual is string s2 && Value is string pattern && Like(s2, pattern);
        }
        if (Op == RelationOp.Neq) return ValueOrdering.Compare(type, actual, Value) != 0 || (actual is null) != (Value is null);
        if (Op == RelationOp.Eq) return (actual is null) == (Value is null) && ValueOrdering.Compare(type, actual, Value) == 0;
        if (actual is null) return false;
        int c = ValueOrdering.Compare(type, actual, Value);
        return Compare(c);
    }

    private bool Compare(int c) => Op switch
    {
        RelationOp.Lt => c < 0,
        RelationOp.Lte => c <= 0,
        RelationOp.Gt => c > 0,
        RelationOp.Gte => c >= 0,
        RelationOp.Eq => c == 0,
        RelationOp.Neq => c != 0,
        _ => false,
    };

    private bool MatchesTuple(object?[] actual)
    {
        if (Op == RelationOp.In) return InValues!.Any(v => CompareTuple(actual, (object?[])v!) == 0);
        return Compare(CompareTuple(actual, (object?[])Value!));
    }

    private int CompareTuple(object?[] a, object?[] b)
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            int c = ValueOrdering.Compare(Columns[i].Type, a[i], b[i]);
            // Multi-column slices follow the clustering order of each column, as Cassandra's do.
            if (c != 0) return Columns[i].Descending ? -c : c;
        }
        return 0;
    }

    private static object? Lookup(MapType type, IList map, object? key)
    {
        foreach (KeyValuePair<object?, object?> kv in map)
        {
            if (ValueOrdering.Compare(type.Key, kv.Key, key) == 0) return kv.Value;
        }
        return null;
    }

    private static bool Like(string s, string pattern)
    {
        if (pattern.StartsWith('%') && pattern.EndsWith('%') && pattern.Length > 1) return s.Contains(pattern[1..^1], StringComparison.Ordinal);
        if (pattern.EndsWith('%')) return s.StartsWith(pattern[..^1], StringComparison.Ordinal);
        if (pattern.StartsWith('%')) return s.EndsWith(pattern[1..], StringComparison.Ordinal);
        return s == pattern;
    }
}
