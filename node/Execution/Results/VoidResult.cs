namespace ScriptProxy.Node.Execution.Results;

internal sealed record VoidResult : ExecutionResult
{
    public static VoidResult Instance { get; } = new();
}
