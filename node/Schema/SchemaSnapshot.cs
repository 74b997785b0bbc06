using System.Collections.Immutable;

namespace ScriptProxy.Node.Schema;

/// <summary>The whole schema at one version. Requests capture a snapshot, so DDL never changes a request mid-flight.</summary>
internal sealed record SchemaSnapshot(ImmutableSortedDictionary<string, KeyspaceMetadata> Keyspaces, Guid Version)
{
    public KeyspaceMetadata? FindKeyspace(string name) => Keyspaces.GetValueOrDefault(name);

    public TableMetadata? FindTable(string keyspace, string table) => FindKeyspace(keyspace)?.Tables.GetValueOrDefault(table);
}
