namespace ScriptProxy.Node.Execution.Results;

internal sealed record SetKeyspaceResult(string Keyspace) : ExecutionResult;
