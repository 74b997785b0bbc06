namespace ScriptProxy.Node.Cql.Ast;

internal sealed record DropKeyspaceStatement(string Name, bool IfExists) : Statement;
