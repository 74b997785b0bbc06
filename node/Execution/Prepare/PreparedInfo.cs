using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Execution.Prepare;

/// <summary>A prepared statement: parsed once, with its bind variables, partition key indexes and result columns.</summary>
internal sealed record PreparedInfo(
    byte[] Id,
    ParsedStatement Parsed,
    string? Keyspace,
    IReadOnlyList<ColumnSpec> Variables,
    IReadOnlyList<ushort> PartitionKeyIndexes,
    IReadOnlyList<ColumnSpec> ResultColumns,
    byte[] ResultMetadataId);
