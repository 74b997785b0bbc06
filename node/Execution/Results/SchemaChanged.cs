using ScriptProxy.Abstractions.Messages;
namespace ScriptProxy.Node.Execution.Results;

internal sealed record SchemaChanged(SchemaChange Change) : ExecutionResult;
