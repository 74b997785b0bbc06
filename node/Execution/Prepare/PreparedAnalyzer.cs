using ColumnSpec = ScriptProxy.Abstractions.Messages.ColumnSpec;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Ddl;
using ScriptProxy.Node.Execution.Select;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Prepare;

/// <summary>
/// Works out what each bind marker receives (name and type, with Cassandra's names for special slots: [limit],
/// [ttl], [timestamp], in(col), key(col), value(col), partition key token), which markers bind the partition key
/// (pk_indexes, used by drivers for token-aware routing) and the result columns of a SELECT.
/// </summary>
internal sealed class PreparedAnalyzer
{
    private readonly ColumnSpec?[] _vars;
    private readonly Dictionary<string, int> _pkMarkers = new(StringComparer.Ordinal);
    private TableMetadata? _table;

    private PreparedAnalyzer(int count) => _vars = new ColumnSpec?[count];

    public static (List<ColumnSpec> Variables, List<ushort> PkIndexes, List<ColumnSpec> Result) Analyze(ParsedStatement parsed, SchemaSnapshot schema, QueryContext ctx)
    {
        var a = new PreparedAnalyzer(parsed.MarkerNames.Count);
        var result = new List<ColumnSpec>();
        a.Visit(parsed.Statement, schema, ctx, result);
        var vars = a._vars.Select((v, i) => v ?? new ColumnSpec(a._table?.Keyspace ?? "", a._table?.Name ?? "", parsed.MarkerNames[i] ?? $"arg{i}", CqlType.Blob)).ToList();
        for (int i = 0; i < vars.Count; i++)
        {
            if (parsed.MarkerNames[i] is { } n) vars[i] = vars[i] with { Name = n };
        }
        var pk = new List<ushort>();
        if (a._table is not null && a._table.PartitionKey.All(c => a._pkMarkers.ContainsKey(c.Name)))
            pk.AddRange(a._table.PartitionKey.Select(c => (ushort)a._pkMarkers[c.Name]));
        return (vars, pk, result);
    }

    private void Visit(Statement s, SchemaSnapshot schema, QueryContext ctx, List<ColumnSpec> result)
    {
        switch (s)
        {
            case SelectStatement sel:
            {
                var t = Table(schema, sel.Table, ctx);
                Relations(t, sel.Where);
                Term(sel.Limit, Spec(t, "[limit]", CqlType.Int));
                Term(sel.PerPartitionLimit, Spec(t, "[per_partition_limit]", CqlType.Int));
                result.AddRange(sel.Json ? [Spec(t, "[json]", CqlType.Text)] : Selection.Build(t, sel.Items).Select(c => c.Spec));
                break;
            }
            case InsertStatement ins:
            {
                var t = Table(schema, ins.Table, ctx);
                for (int i = 0; i < ins.Columns.Count; i++)
                {
                    var c = t.Find(ins.Columns[i]);
                    if (c is null) continue;
                    if (c.Kind == ColumnKind.PartitionKey && ins.Values[i] is BindMarkerTerm m) _pkMarkers[c.Name] = m.Index;
                    Term(ins.Values[i], Spec(t, c.Name, c.Type));
                }
                Term(ins.Json, Spec(t, "[json]", CqlType.Text));
                Using(t, ins.Ttl, ins.Timestamp);
                break;
            }
            case UpdateStatement up:
            {
                var t = Table(schema, up.Table, ctx);
                Using(t, up.Ttl, up.Timestamp);
                foreach (var a in up.Assignments)
                {
                    if (t.Find(a.Column) is not { } c) continue;
                    var type = c.Type.Code == CqlTypeCode.Counter ? CqlType.Bigint : c.Type;
                    switch (a.Kind)
                    {
                        case AssignmentKind.SetElement:
                            Term(a.Key, Spec(t, $"key({c.Name})", type is MapType mk ? mk.Key : CqlType.Int));
                            Term(a.Value, Spec(t, $"value({c.Name})", type switch { MapType m => m.Value, ListType l => l.Element, _ => type }));
                            break;
                        case AssignmentKind.SetField when type is UdtType u:
                            Term(a.Value, Spec(t, $"{c.Name}.{a.Field}", u.Fields.FirstOrDefault(f => f.Name == a.Field)?.Type ?? CqlType.Blob));
                            break;
                        case AssignmentKind.Subtract when type is MapType m:
                            Term(a.Value, Spec(t, c.Name, CqlType.SetOf(m.Key)));
                            break;
                        default:
                            Term(a.Value, Spec(t, c.Name, type));
                            break;
                    }
                }
                Relations(t, up.Where);
                Conditions(t, up.Conditions);
                break;
            }
            case DeleteStatement del:
            {
                var t = Table(schema, del.Table, ctx);
                foreach (var target in del.Targets)
                {
                    if (target.Key is not null && t.Find(target.Column) is { } c)
                        Term(target.Key, Spec(t, $"key({c.Name})", c.Type switch { MapType m => m.Key, SetType st => st.Element, _ => CqlType.Int }));
                }
                Using(t, null, del.Timestamp);
                Relations(t, del.Where);
                Conditions(t, del.Conditions);
                break;
            }
            case BatchStatement b:
                foreach (var child in b.Statements) Visit(child, schema, ctx, []);
                if (b.Timestamp is not null && _table is not null) Term(b.Timestamp, Spec(_table, "[timestamp]", CqlType.Bigint));
                break;
        }
    }

    private TableMetadata Table(SchemaSnapshot schema, QualifiedName name, QueryContext ctx)
    {
        var t = SchemaNames.RequireTable(schema, name, ctx);
        _table ??= t;
        return t;
    }

    private static ColumnSpec Spec(TableMetadata t, string name, CqlType type) => new(t.Keyspace, t.Name, name, type);

    private void Using(TableMetadata t, Term? ttl, Term? ts)
    {
        Term(ttl, Spec(t, "[ttl]", CqlType.Int));
        Term(ts, Spec(t, "[timestamp]", CqlType.Bigint));
    }

    private void Relations(TableMetadata t, IReadOnlyList<Relation> relations)
    {
        foreach (var r in relations)
        {
            if (r.IsToken)
            {
                Term(r.Value, Spec(t, "partition key token", CqlType.Bigint));
                continue;
            }
            var cols = r.Columns.Select(t.Find).ToArray();
            if (cols.Any(c => c is null)) continue;
            if (cols.Length > 1)
            {
                var tuple = new TupleType(cols.Select(c => c!.Type).ToArray());
                string name = "(" + string.Join(",", cols.Select(c => c!.Name)) + ")";
                if (r.InValues is not null) foreach (var v in r.InValues) Term(v, Spec(t, name, tuple));
                else Term(r.Value, Spec(t, r.Op == RelationOp.In ? $"in{name}" : name, r.Op == RelationOp.In ? CqlType.ListOf(tuple) : tuple));
                continue;
            }
            var c = cols[0]!;
            if (c.Kind == ColumnKind.PartitionKey && r.Op == RelationOp.Eq && r.Value is BindMarkerTerm m) _pkMarkers[c.Name] = m.Index;
            Relation(t, c, r.Op, r.Value, r.InValues, r.MapKey);
        }
    }

    private void Relation(TableMetadata t, ColumnMetadata c, RelationOp op, Term? value, IReadOnlyList<Term>? inValues, Term? mapKey)
    {
        var type = c.Type;
        if (mapKey is not null && type is MapType mt)
        {
            Term(mapKey, Spec(t, $"key({c.Name})", mt.Key));
            type = mt.Value;
        }
        switch (op)
        {
            case RelationOp.In when inValues is not null:
                foreach (var v in inValues) Term(v, Spec(t, c.Name, type));
                break;
            case RelationOp.In:
                Term(value, Spec(t, $"in({c.Name})", CqlType.ListOf(type)));
                break;
            case RelationOp.Contains:
                Term(value, Spec(t, c.Name, type switch { ListType l => l.Element, SetType s => s.Element, MapType m => m.Value, _ => type }));
                break;
            case RelationOp.ContainsKey:
                Term(value, Spec(t, c.Name, type is MapType m2 ? m2.Key : type));
                break;
            default:
                Term(value, Spec(t, c.Name, type));
                break;
        }
    }

    private void Conditions(TableMetadata t, IReadOnlyList<Condition> conditions)
    {
        foreach (var c in conditions)
        {
            if (t.Find(c.Column) is { } col) Relation(t, col, c.Op, c.Value, c.InValues, col.Type is MapType ? c.ElementKey : null);
        }
    }

    /// <summary>Assigns the receiver to a marker, or to the markers inside a collection/tuple/UDT literal or function call.</summary>
    private void Term(Term? term, ColumnSpec spec)
    {
        switch (term)
        {
            case null: return;
            case BindMarkerTerm m:
                if (m.Index < _vars.Length) _vars[m.Index] = spec;
                return;
            case ListTerm l:
                foreach (var i in l.Items) Term(i, spec with { Type = spec.Type is ListType lt ? lt.Element : spec.Type is SetType st ? st.Element : spec.Type });
                return;
            case SetTerm s:
                foreach (var i in s.Items) Term(i, spec with { Type = spec.Type is SetType st2 ? st2.Element : spec.Type });
                return;
            case MapTerm m when spec.Type is MapType mt:
                foreach (var (k, v) in m.Entries)
                {
                    Term(k, spec with { Type = mt.Key });
                    Term(v, spec with { Type = mt.Value });
                }
                return;
            case MapTerm m when spec.Type is UdtType ut:
                foreach (var (k, v) in m.Entries)
                {
                    var field = ut.Fields.FirstOrDefault(f => k is IdentifierTerm id && f.Name == id.Name);
                    if (field is not null) Term(v, spec with { Name = $"{spec.Name}.{field.Name}", Type = field.Type });
                }
                return;
            case TupleTerm tt when spec.Type is TupleType tuple:
                for (int i = 0; i < tt.Items.Count && i < tuple.Elements.Count; i++) Term(tt.Items[i], spec with { Type = tuple.Elements[i] });
                return;
            case FunctionTerm f:
                var argType = CqlFunctions.ArgumentType(f.Name, null) ?? spec.Type;
                foreach (var a in f.Args) Term(a, spec with { Type = argType });
                return;
            case CastTerm c:
                Term(c.Inner, spec);
                return;
        }
    }
}
