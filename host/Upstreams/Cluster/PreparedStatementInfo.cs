namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// What the router remembers of a prepared statement: the text (to re-prepare on a node that lost it), the keyspace
/// it was prepared in, and which bind markers form the partition key (to route EXECUTE by token).
/// </summary>
/// <param name="Query">The CQL text as the client sent it in PREPARE.</param>
/// <param name="Keyspace">The session's keyspace when it was prepared (unqualified names resolve against it).</param>
/// <param name="PartitionKeyIndexes">Bind marker index of each partition key column, in key order; empty when unknown.</param>
internal sealed record PreparedStatementInfo(string Query, string? Keyspace, IReadOnlyList<ushort> PartitionKeyIndexes);
