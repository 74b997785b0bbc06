using System.Collections.Immutable;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Schema;

/// <summary>An immutable keyspace: replication, tables and user types. Changes produce a new instance.</summary>
internal sealed record KeyspaceMetadata(
    string Name,
    bool DurableWrites,
    ImmutableSortedDictionary<string, string> Replication,
    ImmutableSortedDictionary<string, TableMetadata> Tables,
    ImmutableSortedDictionary<string, UdtType> Types)
{
    /// <summary>Virtual keyspaces (system_virtual_schema) are not listed in system_schema.</summary>
    public bool IsVirtual { get; init; }

    public static KeyspaceMetadata Create(string name, bool durableWrites, IEnumerable<KeyValuePair<string, string>> replication) =>
        new(name, durableWrites, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, replication),
            ImmutableSortedDictionary.Create<string, TableMetadata>(StringComparer.Ordinal),
            ImmutableSortedDictionary.Create<string, UdtType>(StringComparer.Ordinal));
}
