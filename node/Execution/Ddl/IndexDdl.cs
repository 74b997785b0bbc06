using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Ddl;

/// <summary>
/// CREATE / DROP INDEX. There is no index structure: an index only lifts the ALLOW FILTERING requirement for its
/// column (filtering an in-memory partition set is what an index lookup would cost here anyway).
/// </summary>
internal static class IndexDdl
{
    public static ExecutionResult Create(SchemaManager schema, CreateIndexStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Table, ctx);
        bool existed = false;
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            var table = ks.Tables.GetValueOrDefault(s.Table.Name) ?? throw CqlException.TableMissing(ksName, s.Table.Name);
            string column = s.Target.Contains('(') ? s.Target[(s.Target.IndexOf('(') + 1)..^1] : s.Target;
            if (table.Find(column) is null) throw CqlException.Invalid($"No column definition found for column {column}");
            string name = s.Name ?? $"{table.Name}_{column}_idx";
            if (ks.Tables.Values.Any(t => t.Indexes.ContainsKey(name)))
            {
                existed = true;
                return (null, null);
            }
            var indexes = new Dictionary<string, string>(table.Indexes) { [name] = s.Target };
            var updated = ks with { Tables = ks.Tables.SetItem(table.Name, table.With(indexes: indexes)) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Updated, SchemaChangeTarget.Table, ksName, table.Name));
        });
        if (existed)
        {
            if (s.IfNotExists) return NoResult.Instance;
            throw CqlException.AlreadyExists(ksName, s.Table.Name, $"Index {s.Name} already exists");
        }
        return new SchemaChanged(change!);
    }

    public static ExecutionResult Drop(SchemaManager schema, DropIndexStatement s, QueryContext ctx)
    {
        string ksName = SchemaNames.Keyspace(s.Index, ctx);
        var change = schema.Apply(current =>
        {
            var ks = SchemaNames.RequireKeyspace(current, ksName);
            var table = ks.Tables.Values.FirstOrDefault(t => t.Indexes.ContainsKey(s.Index.Name));
            if (table is null)
            {
                if (s.IfExists) return (null, null);
                throw CqlException.Invalid($"Index '{s.Index.Name}' could not be found in any of the tables of keyspace '{ksName}'");
            }
            var indexes = new Dictionary<string, string>(table.Indexes);
            indexes.Remove(s.Index.Name);
            var updated = ks with { Tables = ks.Tables.SetItem(table.Name, table.With(indexes: indexes)) };
            return (current.Keyspaces.SetItem(ksName, updated), new SchemaChange(SchemaChangeType.Updated, SchemaChangeTarget.Table, ksName, table.Name));
        });
        return change is null ? NoResult.Instance : new SchemaChanged(change);
    }
}
