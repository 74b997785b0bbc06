namespace ScriptProxy.Node.Cql.Ast;

internal sealed record DropTypeStatement(QualifiedName Type, bool IfExists) : Statement;
