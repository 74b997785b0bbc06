using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Ddl;

/// <summary>CREATE / ALTER / DROP TABLE with Cassandra's validation messages.</summary>
internal static class TableDdl
{
    public static TableMetadata Build(KeyspaceMetadata ks, CreateTableStatement s, Guid id)
    {
        if (s.PartitionKey.Count == 0) throw CqlException.Invalid($"No PRIMARY KEY specifed for table '{s.Table.Name}' (exactly one required)");
        var defs = new Dictionary<string, ColumnDefinition>(StringComparer.Ordinal);
        foreach (var c in s.Columns)
        {
            if (!defs.TryAdd(c.Name, c)) throw CqlException.Invalid($"Duplicate column '{c.Name}' declaration for table {ks.Name}.{s.Table.Name}");
        }
        var columns = new List<ColumnMetadata>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < s.PartitionKey.Count; i++)
        {
            string n = s.PartitionKey[i];
            if (!defs.TryGetValue(n, out var d)) throw CqlException.Invalid($"Unknown definition {n} referenced in PRIMARY KEY");
            if (!used.Add(n)) throw CqlException.Invalid($"Duplicate definition {n} in PRIMARY KEY");
            var type = TypeResolver.Resolve(d.TypeText, ks);
            CheckKeyType(type, n);
            columns.Add(new ColumnMetadata(n, type, ColumnKind.PartitionKey, i, false));
        }
        for (int i = 0; i < s.Clustering.Count; i++)
        {
            string n = s.Clustering[i];
            if (!defs.TryGetValue(n, out var d)) throw CqlException.Invalid($"Unknown definition {n} referenced in PRIMARY KEY");
            if (!used.Add(n)) throw CqlException.Invalid($"Duplicate definition {n} in PRIMARY KEY");
            var type = TypeResolver.Resolve(d.TypeText, ks);
            CheckKeyType(type, n);
            bool desc = s.ClusteringOrder.FirstOrDefault(o => o.Column == n)?.Descending ?? false;
            columns.Add(new ColumnMetadata(n, type, ColumnKind.Clustering, i, desc));
        }
        for (int i = 0; i < s.ClusteringOrder.Count; i++)
        {
            var o = s.ClusteringOrder[i];
            if (i >= s.Clustering.Count || s.Clustering[i] != o.Column)
                throw CqlException.Invalid(s.Clustering.Contains(o.Column)
                    ? "The order of columns in the CLUSTERING ORDER directive must be the one of the clustering key"
                    : $"Unknown definition {o.Column} referenced in CLUSTERING ORDER BY");
        }
        foreach (var d in s.Columns)
        {
            if (used.Contains(d.Name)) continue;
            if (d.IsStatic && s.Clustering.Count == 0)
                throw CqlException.Invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column");
            columns.Add(new ColumnMetadata(d.Name, TypeResolver.Resolve(d.TypeText, ks), d.IsStatic ? ColumnKind.Static : ColumnKind.Regular, -1, false));
        }
        bool counters = columns.Any(c => c.Type.Code == CqlTypeCode.Counter);
        if (counters && columns.Any(c => !c.IsPrimaryKey && c.Type.Code != CqlTypeCode.Counter))
            throw CqlException.Invalid("Cannot mix counter and non counter columns in the same table");
        var options = TableOptions.Merge(TableOptions.Defaults, s.Options);
        return new TableMetadata(ks.Name, s.Table.Name, id, columns, options);
    }

    private static void CheckKeyType(CqlType type, string name)
    {
        bool nonFrozen = type switch
        {
            ListType l => !l.Frozen,
            SetType st => !st.Frozen,
            MapType m => !m.Frozen,
            UdtType u => !u.Frozen,
            _ => false,
        };
        if (nonFrozen) throw CqlException.Invalid($"Invalid non-frozen collection type for PRIMARY KEY component {name}");
        if (type.Code == CqlTypeCode.Counter) throw CqlException.Invalid($"counter type is not supported for PRIMARY KEY column '{name}'");
    }

    public static ExecutionResult Create(SchemaManager schema, CreateTableStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Table, ctx);
        bool existed = false;
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            if (ks.Tables.ContainsKey(s.Table.Name))
            {
                existed = true;
                return (null, null);
            }
            var table = Build(ks, s, Guid.NewGuid());
            var updated = ks with { Tables = ks.Tables.Add(table.Name, table) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Created, SchemaChangeTarget.Table, ksName, table.Name));
        });
        if (existed)
        {
            if (s.IfNotExists) return NoResult.Instance;
            throw CqlException.AlreadyExists(ksName, s.Table.Name, $"Object {ksName}.{s.Table.Name} already exists");
        }
        return new SchemaChanged(change!);
    }

    public static ExecutionResult Alter(SchemaManager schema, NodeStorage storage, AlterTableStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Table, ctx);
        TableMetadata? result = null;
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            if (!ks.Tables.TryGetValue(s.Table.Name, out var table))
            {
                if (s.IfExists) return (null, null);
                throw CqlException.TableMissing(ksName, s.Table.Name);
            }
            var columns = table.Columns.ToList();
            foreach (var add in s.Add)
            {
                if (table.Find(add.Name) is not null) throw CqlException.Invalid($"Column with name '{add.Name}' already exists");
                if (add.IsStatic && table.Clustering.Count == 0)
                    throw CqlException.Invalid("Static columns are only useful (and thus allowed) if the table has at least one clustering column");
                var type = TypeResolver.Resolve(add.TypeText, ks);
                if (table.IsCounter != (type.Code == CqlTypeCode.Counter))
                    throw CqlException.Invalid(table.IsCounter ? "Cannot add a non counter column (" + add.Name + ") in a counter column family"
                        : "Cannot add a counter column (" + add.Name + ") in a non counter column family");
                columns.Add(new ColumnMetadata(add.Name, type, add.IsStatic ? ColumnKind.Static : ColumnKind.Regular, -1, false));
            }
            foreach (var drop in s.Drop)
            {
                var c = table.Find(drop) ?? throw CqlException.Invalid($"Column {drop} was not found in table {s.Table.Name}");
                if (c.IsPrimaryKey) throw CqlException.Invalid($"Cannot drop PRIMARY KEY column {drop}");
                columns.Remove(c);
            }
            foreach (var (from, to) in s.Rename)
            {
                var c = columns.FirstOrDefault(x => x.Name == from) ?? throw CqlException.Invalid($"Column {from} was not found in table {s.Table.Name}");
                if (!c.IsPrimaryKey) throw CqlException.Invalid($"Cannot rename non PRIMARY KEY column {from}");
                if (columns.Any(x => x.Name == to)) throw CqlException.Invalid($"Cannot rename column {from} to {to} in table {s.Table.Name}; another column of that name already exist");
                columns[columns.IndexOf(c)] = c with { Name = to };
            }
            var options = s.Options.Count > 0 ? TableOptions.Merge(table.Options, s.Options) : table.Options;
            result = table.With(columns, options);
            var updated = ks with { Tables = ks.Tables.SetItem(table.Name, result) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Updated, SchemaChangeTarget.Table, ksName, table.Name));
        });
        if (change is null) return NoResult.Instance;
        storage.For(result!).UseComparer(new ClusteringComparer(result!.Clustering));
        return new SchemaChanged(change);
    }

    public static ExecutionResult Drop(SchemaManager schema, NodeStorage storage, DropTableStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Table, ctx);
        if (SchemaNames.IsSystemKeyspace(ksName)) throw new CqlException(Abstractions.Wire.ErrorCode.Unauthorized, $"Cannot DROP <table {ksName}.{s.Table.Name}>");
        TableMetadata? dropped = null;
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            if (!ks.Tables.TryGetValue(s.Table.Name, out dropped))
            {
                if (s.IfExists) return (null, null);
                throw CqlException.TableMissing(ksName, s.Table.Name);
            }
            var updated = ks with { Tables = ks.Tables.Remove(s.Table.Name) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Dropped, SchemaChangeTarget.Table, ksName, s.Table.Name));
        });
        if (change is null) return NoResult.Instance;
        storage.Drop(dropped!.Id);
        return new SchemaChanged(change);
    }
}
