namespace ScriptProxy.Node.Execution.Results;

internal sealed record SchemaChangeResult(SchemaChange Change) : ExecutionResult;
