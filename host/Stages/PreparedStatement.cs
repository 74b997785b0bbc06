using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Host.Stages;

/// <summary>A prepared statement's text, bound-variable metadata and result columns, as seen in its PREPARE/PREPARED pair.</summary>
/// <param name="Query">The statement text.</param>
/// <param name="Variables">Bound variables (names and types).</param>
/// <param name="Result">Result columns: drivers ask EXECUTE to skip them in each answer, so stages read names from here.</param>
public sealed record PreparedStatement(string Query, PreparedMetadata Variables, RowsMetadata? Result = null);
