namespace ScriptProxy.Node.Cql.Ast;

internal sealed record DropTableStatement(QualifiedName Table, bool IfExists) : Statement;
