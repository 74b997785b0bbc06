namespace ScriptProxy.Node.Cql.Ast;

internal sealed record DropIndexStatement(QualifiedName Index, bool IfExists) : Statement;
