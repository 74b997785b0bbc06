using ScriptProxy.Abstractions.Messages;
using System.Collections.Immutable;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Ddl;

/// <summary>CREATE / ALTER / DROP KEYSPACE.</summary>
internal static class KeyspaceDdl
{
    public static ExecutionResult Create(SchemaManager schema, CreateKeyspaceStatement s)
    {
        var (replication, durable) = ReadOptions(s.Options, null, true);
        if (replication is null) throw CqlException.Invalid("Missing mandatory option 'replication'");
        bool existed = false;
        var change = schema.Apply(current =>
        {
            if (current.Keyspaces.ContainsKey(s.Name))
            {
                existed = true;
                return (null, null);
            }
            var ks = KeyspaceMetadata.Create(s.Name, durable, replication);
            return (current.Keyspaces.Add(s.Name, ks), new SchemaChange(SchemaChangeType.Created, SchemaChangeTarget.Keyspace, s.Name, null));
        });
        if (existed)
        {
            if (s.IfNotExists) return NoResult.Instance;
            throw CqlException.AlreadyExists(s.Name, "", $"Keyspace {s.Name} already exists");
        }
        return new SchemaChanged(change!);
    }

    public static ExecutionResult Alter(SchemaManager schema, AlterKeyspaceStatement s)
    {
        if (SchemaNames.IsSystemKeyspace(s.Name)) throw new CqlException(Abstractions.Wire.ErrorCode.Unauthorized, $"Cannot alter system keyspace {s.Name}");
        var change = schema.Apply(current =>
        {
            var ks = current.FindKeyspace(s.Name);
            if (ks is null)
            {
                if (s.IfExists) return (null, null);
                throw CqlException.KeyspaceMissing(s.Name);
            }
            var (replication, durable) = ReadOptions(s.Options, ks.Replication, ks.DurableWrites);
            var updated = ks with
            {
                DurableWrites = durable,
                Replication = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, replication ?? ks.Replication),
            };
            return (current.Keyspaces.SetItem(s.Name, updated), new SchemaChange(SchemaChangeType.Updated, SchemaChangeTarget.Keyspace, s.Name, null));
        });
        return change is null ? NoResult.Instance : new SchemaChanged(change);
    }

    public static ExecutionResult Drop(SchemaManager schema, NodeStorage storage, DropKeyspaceStatement s)
    {
        if (SchemaNames.IsSystemKeyspace(s.Name)) throw new CqlException(Abstractions.Wire.ErrorCode.Unauthorized, $"Cannot DROP <keyspace {s.Name}>");
        KeyspaceMetadata? dropped = null;
        var change = schema.Apply(current =>
        {
            dropped = current.FindKeyspace(s.Name);
            if (dropped is null)
            {
                if (s.IfExists) return (null, null);
                throw CqlException.KeyspaceMissing(s.Name);
            }
            return (current.Keyspaces.Remove(s.Name), new SchemaChange(SchemaChangeType.Dropped, SchemaChangeTarget.Keyspace, s.Name, null));
        });
        if (change is null) return NoResult.Instance;
        foreach (var t in dropped!.Tables.Values) storage.Drop(t.Id);
        return new SchemaChanged(change);
    }

    private static (IEnumerable<KeyValuePair<string, string>>? Replication, bool Durable) ReadOptions(
        IReadOnlyDictionary<string, object> options, IEnumerable<KeyValuePair<string, string>>? replication, bool durable)
    {
        foreach (var (k, v) in options)
        {
            switch (k)
            {
                case "replication":
                    if (v is not Dictionary<string, string> map) throw CqlException.Invalid("replication must be a map");
                    if (!map.TryGetValue("class", out var cls)) throw CqlException.Invalid("Missing replication strategy class");
                    var copy = new Dictionary<string, string>(map, StringComparer.Ordinal)
                    {
                        ["class"] = cls.Contains('.') ? cls : "org.apache.cassandra.locator." + cls,
                    };
                    if (copy["class"].EndsWith("SimpleStrategy", StringComparison.Ordinal) && !copy.ContainsKey("replication_factor"))
                        throw Execution.CqlException.Invalid("SimpleStrategy requires a replication_factor strategy option.");
                    replication = copy;
                    break;
                case "durable_writes":
                    durable = !string.Equals(v as string, "false", StringComparison.OrdinalIgnoreCase);
                    break;
                default:
                    throw CqlException.Invalid($"Unknown property '{k}'");
            }
        }
        return (replication, durable);
    }
}
