using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Parser;
using ScriptProxy.Node.Execution.Ddl;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.SystemTables;

/// <summary>Builds the system keyspaces Cassandra 4 has, with stable table ids (so restarts do not change them).</summary>
internal static class SystemKeyspaces
{
    public static IEnumerable<KeyspaceMetadata> Create()
    {
        var local = new Dictionary<string, string> { ["class"] = "org.apache.cassandra.locator.LocalStrategy" };
        var simple = new Dictionary<string, string> { ["class"] = "org.apache.cassandra.locator.SimpleStrategy", ["replication_factor"] = "1" };
        var keyspaces = new Dictionary<string, KeyspaceMetadata>(StringComparer.Ordinal)
        {
            ["system"] = KeyspaceMetadata.Create("system", true, local),
            ["system_schema"] = KeyspaceMetadata.Create("system_schema", true, local),
            ["system_auth"] = KeyspaceMetadata.Create("system_auth", true, simple),
            ["system_distributed"] = KeyspaceMetadata.Create("system_distributed", true, new Dictionary<string, string>(simple) { ["replication_factor"] = "3" }),
            ["system_traces"] = KeyspaceMetadata.Create("system_traces", true, new Dictionary<string, string>(simple) { ["replication_factor"] = "2" }),
            ["system_virtual_schema"] = KeyspaceMetadata.Create("system_virtual_schema", true, local) with { IsVirtual = true },
        };
        foreach (var (ks, cql) in SystemSchemaDefinitions.Tables)
        {
            var statement = (CreateTableStatement)CqlParser.Parse(cql).Statement;
            var id = StableId(ks + "." + statement.Table.Name);
            var table = TableDdl.Build(keyspaces[ks], statement, id);
            keyspaces[ks] = keyspaces[ks] with { Tables = keyspaces[ks].Tables.Add(table.Name, table) };
        }
        return keyspaces.Values;
    }

    private static Guid StableId(string name)
    {
        var hash = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
