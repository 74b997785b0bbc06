namespace ScriptProxy.Node.Cql.Ast;

internal sealed record CreateKeyspaceStatement(string Name, bool IfNotExists, IReadOnlyDictionary<string, object> Options) : Statement;
