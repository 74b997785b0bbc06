using ScriptProxy.Abstractions.Messages;
namespace ScriptProxy.Node.Execution.Results;

/// <summary>Rows as CLR values (see the value mapping in CqlValueCodec); PagingState is set when more pages follow.</summary>
internal sealed record RowSet(IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<object?[]> Rows, byte[]? PagingState) : ExecutionResult;
