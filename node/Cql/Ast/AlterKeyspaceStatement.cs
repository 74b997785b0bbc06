namespace ScriptProxy.Node.Cql.Ast;

internal sealed record AlterKeyspaceStatement(string Name, bool IfExists, IReadOnlyDictionary<string, object> Options) : Statement;
