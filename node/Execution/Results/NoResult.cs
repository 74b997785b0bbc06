namespace ScriptProxy.Node.Execution.Results;

internal sealed record NoResult : ExecutionResult
{
    public static NoResult Instance { get; } = new();
}
