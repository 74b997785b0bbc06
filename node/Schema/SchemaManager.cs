using ScriptProxy.Abstractions.Messages;
using System.Collections.Immutable;
using ScriptProxy.Node.Execution.Results;

namespace ScriptProxy.Node.Schema;

/// <summary>
/// Owns the current <see cref="SchemaSnapshot"/>. DDL runs under one schema lock (schema changes are rare), builds a
/// new snapshot with a fresh schema_version and swaps it in; readers take the snapshot without locking.
/// Listeners (connections that REGISTERed for SCHEMA_CHANGE) are told after the swap.
/// </summary>
internal sealed class SchemaManager
{
    private readonly object _lock = new();
    private SchemaSnapshot _current = new(ImmutableSortedDictionary.Create<string, KeyspaceMetadata>(StringComparer.Ordinal), Guid.NewGuid());

    public SchemaSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after a change is visible, outside the schema lock.</summary>
    public event Action<SchemaChange>? Changed;

    /// <summary>
    /// Runs <paramref name="change"/> under the schema lock. It returns the new keyspace map (null = nothing changed)
    /// and the change to announce.
    /// </summary>
    public SchemaChange? Apply(Func<SchemaSnapshot, (ImmutableSortedDictionary<string, KeyspaceMetadata>? Keyspaces, SchemaChange? Change)> change)
    {
        SchemaChange? announced;
        lock (_lock)
        {
            var (keyspaces, c) = change(_current);
            if (keyspaces is null) return null;
            Volatile.Write(ref _current, new SchemaSnapshot(keyspaces, Guid.NewGuid()));
            announced = c;
        }
        if (announced is not null) Changed?.Invoke(announced);
        return announced;
    }

    /// <summary>Puts a keyspace in place without an event (startup: system keyspaces).</summary>
    public void Install(KeyspaceMetadata keyspace)
    {
        lock (_lock)
        {
            Volatile.Write(ref _current, _current with { Keyspaces = _current.Keyspaces.SetItem(keyspace.Name, keyspace) });
        }
    }
}
