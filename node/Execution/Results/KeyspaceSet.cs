namespace ScriptProxy.Node.Execution.Results;

internal sealed record KeyspaceSet(string Keyspace) : ExecutionResult;
