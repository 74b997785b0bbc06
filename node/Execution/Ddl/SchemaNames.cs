using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Ddl;

/// <summary>Resolves [keyspace.]name against the connection's keyspace with Cassandra's error texts.</summary>
internal static class SchemaNames
{
    public static string Keyspace(QualifiedName name, QueryContext ctx) =>
        name.Keyspace ?? ctx.Keyspace ?? throw CqlException.Invalid("No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename");

    public static KeyspaceMetadata RequireKeyspace(SchemaSnapshot schema, string keyspace) =>
        schema.FindKeyspace(keyspace) ?? throw CqlException.KeyspaceMissing(keyspace);

    public static TableMetadata RequireTable(SchemaSnapshot schema, QualifiedName name, QueryContext ctx)
    {
        string ks = Keyspace(name, ctx);
        var keyspace = RequireKeyspace(schema, ks);
        return keyspace.Tables.GetValueOrDefault(name.Name) ?? throw CqlException.TableMissing(ks, name.Name);
    }

    public static bool IsSystemKeyspace(string name) =>
        name is "system" or "system_schema" or "system_auth" or "system_distributed" or "system_traces" or "system_virtual_schema" or "system_views";
}
