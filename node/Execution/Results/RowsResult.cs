namespace ScriptProxy.Node.Execution.Results;

/// <summary>Rows as CLR values (see the value mapping in CqlValueCodec); PagingState is set when more pages follow.</summary>
internal sealed record RowsResult(IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<object?[]> Rows, byte[]? PagingState) : ExecutionResult;
