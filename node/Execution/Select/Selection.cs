using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>Turns SELECT items into output columns with Cassandra's result column names.</summary>
internal static class Selection
{
    public static List<SelectedColumn> Build(TableMetadata table, IReadOnlyList<SelectItem>? items)
    {
        var result = new List<SelectedColumn>();
        if (items is null)
        {
            foreach (var c in table.Columns) result.Add(ForColumn(table, c, c.Name));
            return result;
        }
        foreach (var item in items)
        {
            var (name, type, eval, agg) = Build(table, item.Selector);
            var spec = new ColumnSpec(table.Keyspace, table.Name, item.Alias ?? name, type);
            result.Add(new SelectedColumn(spec, eval, agg));
        }
        if (result.Any(r => r.IsAggregate) && result.Any(r => !r.IsAggregate && items.Any(i => i.Selector is ColumnSelector)))
        {
            // Cassandra allows mixing: plain columns take the first row's values. Keep that behaviour.
        }
        return result;
    }

    private static SelectedColumn ForColumn(TableMetadata table, ColumnMetadata c, string name) =>
        new(new ColumnSpec(table.Keyspace, table.Name, name, c.Type), row => row.Value(c));

    private static ColumnMetadata Column(TableMetadata table, Selector s) => s switch
    {
        ColumnSelector cs => table.Find(cs.Name) ?? throw CqlException.Invalid($"Undefined column name {cs.Name}"),
        _ => throw CqlException.Invalid("Only column names are accepted here"),
    };

    private static (string Name, CqlType Type, Func<RowView, object?> Eval, Func<Accumulator>? Agg) Build(TableMetadata table, Selector selector)
    {
        switch (selector)
        {
            case ColumnSelector cs:
            {
                var c = Column(table, cs);
                return (c.Name, c.Type, row => row.Value(c), null);
            }
            case TermSelector ts:
            {
                var lit = ts.Term as LiteralTerm;
                var type = lit?.Kind switch { LiteralKind.Integer => CqlType.Int, LiteralKind.Float => CqlType.Double, LiteralKind.Uuid => CqlType.Uuid, LiteralKind.Hex => CqlType.Blob, _ => (CqlType)CqlType.Text };
                var value = TermEvaluator.Evaluate(ts.Term, type, "selector", BoundValues.Empty);
                return (lit?.Text ?? "constant", type, _ => value, null);
            }
            case FunctionSelector f:
                return BuildFunction(table, f);
            default:
                throw CqlException.Invalid("Invalid selector");
        }
    }

    private static (string, CqlType, Func<RowView, object?>, Func<Accumulator>?) BuildFunction(TableMetadata table, FunctionSelector f)
    {
        string argText = string.Join(", ", f.Args.Select(a => a switch { ColumnSelector c => c.Name, StarSelector => "*", TermSelector { Term: LiteralTerm l } => l.Text, _ => "?" }));
        switch (f.Name)
        {
            case "writetime" or "ttl":
            {
                var c = Column(table, f.Args[0]);
                if (c.IsPrimaryKey) throw CqlException.Invalid($"Cannot use selection function {f.Name} on PRIMARY KEY part {c.Name}");
                if (c.Type.IsCollection && c.Type is not ListType { Frozen: true } and not SetType { Frozen: true } and not MapType { Frozen: true })
                    throw CqlException.Invalid($"Cannot use selection function {f.Name} on collections");
                bool wt = f.Name == "writetime";
                return ($"{f.Name}({c.Name})", wt ? CqlType.Bigint : CqlType.Int, row =>
                {
                    var cell = row.CellOf(c);
                    if (cell is not { } x) return null;
                    if (wt) return x.Timestamp;
                    if (x.ExpiresAtMicros == Cell.Never) return null;
                    return (int)Math.Max(0, (x.ExpiresAtMicros - row.Now + 999_999) / 1_000_000);
                }, null);
            }
            case "token":
            {
                var cols = f.Args.Select(a => Column(table, a)).ToArray();
                return ($"system.token({argText})", CqlType.Bigint, row => row.Partition.Key.Token, null);
            }
            case "count":
            {
                Func<RowView, object?> input = f.Args.Count == 1 && f.Args[0] is ColumnSelector cs
                    ? (Column(table, cs) is var c ? row => row.Value(c) : null!)
                    : _ => 1;
                string name = f.Args.Count == 1 && f.Args[0] is ColumnSelector ? $"system.count({argText})" : "count";
                return (name, CqlType.Bigint, input, () => new Accumulator("count", CqlType.Bigint, input));
            }
            case "min" or "max" or "sum" or "avg":
            {
                var c = Column(table, f.Args[0]);
                Func<RowView, object?> input = row => row.Value(c);
                var type = c.Type.Code == CqlTypeCode.Counter ? CqlType.Bigint : c.Type;
                return ($"system.{f.Name}({c.Name})", type, input, () => new Accumulator(f.Name, type, input));
            }
            case "tojson":
            {
                var (_, t, eval, _) = Build(table, f.Args[0]);
                return ($"system.tojson({argText})", CqlType.Text, row => JsonFormatter.Format(t, eval(row)), null);
            }
            case "cast":
            {
                var (_, t, eval, _) = Build(table, f.Args[0]);
                string typeName = ((LiteralTerm)((TermSelector)f.Args[1]).Term).Text;
                var target = CqlFunctions.NativeByName(typeName) ?? throw CqlException.Invalid($"Unknown type {typeName}");
                return ($"cast({argText.Split(',')[0]} as {typeName})", target, row => Cast(eval(row), t, target), null);
            }
            default:
            {
                var args = f.Args.Select(a => Build(table, a)).ToArray();
                var probe = CqlFunctions.Call(f.Name, args.Select(a => ((object?)null, a.Item2)).ToList()).Type;
                return ($"system.{f.Name}({argText})", probe, row =>
                    CqlFunctions.Call(f.Name, args.Select(a => (a.Item3(row), a.Item2)).ToList()).Value, null);
            }
        }
    }

    private static object? Cast(object? value, CqlType from, CqlType to)
    {
        if (value is null) return null;
        if (to.Code is CqlTypeCode.Varchar or CqlTypeCode.Ascii) return Abstractions.Types.CqlValueCodec.Format(from, value).Trim('\'');
        return to.Code switch
        {
            CqlTypeCode.Int => Convert.ToInt32(value),
            CqlTypeCode.Bigint => Convert.ToInt64(value),
            CqlTypeCode.Double => Convert.ToDouble(value),
            CqlTypeCode.Float => Convert.ToSingle(value),
            CqlTypeCode.Smallint => Convert.ToInt16(value),
            CqlTypeCode.Tinyint => Convert.ToSByte(value),
            _ => value,
        };
    }
}
