using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Server;

/// <summary>
/// What a node of an embedded cluster gets from the cluster instead of creating it: the one schema all nodes share,
/// its own storage (kept across restarts) and a TRUNCATE that clears the table on every node, as Cassandra's does.
/// </summary>
internal sealed record NodeSharing(SchemaManager Schema, NodeStorage Storage, Action<TableMetadata> Truncate);
