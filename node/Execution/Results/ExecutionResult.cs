namespace ScriptProxy.Node.Execution.Results;

/// <summary>What a statement produced; the server turns it into a RESULT message for the connection's protocol version.</summary>
internal abstract record ExecutionResult;
