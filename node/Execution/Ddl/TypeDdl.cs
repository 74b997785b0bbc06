using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Ddl;

/// <summary>CREATE / ALTER / DROP TYPE. Types are stored non-frozen; columns say frozen&lt;t&gt; where they freeze them.</summary>
internal static class TypeDdl
{
    public static ExecutionResult Create(SchemaManager schema, CreateTypeStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Type, ctx);
        bool existed = false;
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            if (ks.Types.ContainsKey(s.Type.Name))
            {
                existed = true;
                return (null, null);
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            var fields = new List<UdtField>();
            foreach (var (name, typeText) in s.Fields)
            {
                if (!names.Add(name)) throw CqlException.Invalid($"Duplicate field name {name} in type {s.Type.Name}");
                fields.Add(new UdtField(name, TypeResolver.Resolve(typeText, ks)));
            }
            var udt = new UdtType(ksName, s.Type.Name, fields, frozen: false);
            var updated = ks with { Types = ks.Types.Add(udt.Name, udt) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Created, SchemaChangeTarget.Type, ksName, udt.Name));
        });
        if (existed)
        {
            if (s.IfNotExists) return NoResult.Instance;
            throw CqlException.AlreadyExists(ksName, s.Type.Name, $"A user type with name '{s.Type.Name}' already exists");
        }
        return new SchemaChanged(change!);
    }

    public static ExecutionResult Alter(SchemaManager schema, AlterTypeStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Type, ctx);
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            var udt = ks.Types.GetValueOrDefault(s.Type.Name) ?? throw CqlException.Invalid($"No user type named {s.Type.Name} exists.");
            var fields = udt.Fields.ToList();
            foreach (var (name, typeText) in s.AddFields)
            {
                if (fields.Any(f => f.Name == name)) throw CqlException.Invalid($"Cannot add new field {name} to type {s.Type.Name}: a field of the same name already exists");
                fields.Add(new UdtField(name, TypeResolver.Resolve(typeText, ks)));
            }
            foreach (var (from, to) in s.Renames)
            {
                int i = fields.FindIndex(f => f.Name == from);
                if (i < 0) throw CqlException.Invalid($"Unknown field {from} in type {s.Type.Name}");
                fields[i] = fields[i] with { Name = to };
            }
            var altered = new UdtType(ksName, udt.Name, fields, frozen: false);
            var updated = ks with { Types = ks.Types.SetItem(udt.Name, altered) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Updated, SchemaChangeTarget.Type, ksName, udt.Name));
        });
        return new SchemaChanged(change!);
    }

    public static ExecutionResult Drop(SchemaManager schema, DropTypeStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Type, ctx);
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            if (!ks.Types.ContainsKey(s.Type.Name))
            {
                if (s.IfExists) return (null, null);
                throw CqlException.Invalid($"No user type named {s.Type.Name} exists.");
            }
            foreach (var t in ks.Tables.Values)
            {
                if (t.Columns.Any(c => Mentions(c.Type, s.Type.Name)))
                    throw CqlException.Invalid($"Cannot drop user type {ksName}.{s.Type.Name} as it is still used by table {ksName}.{t.Name}");
            }
            var updated = ks with { Types = ks.Types.Remove(s.Type.Name) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Dropped, SchemaChangeTarget.Type, ksName, s.Type.Name));
        });
        return change is null ? NoResult.Instance : new SchemaChanged(change);
    }

    private static bool Mentions(CqlType type, string udt) => type switch
    {
        UdtType u => u.Name == udt || u.Fields.Any(f => Mentions(f.Type, udt)),
        ListType l => Mentions(l.Element, udt),
        SetType st => Mentions(st.Element, udt),
        MapType m => Mentions(m.Key, udt) || Mentions(m.Value, udt),
        TupleType t => t.Elements.Any(e => Mentions(e, udt)),
        _ => false,
    };
}
