namespace ScriptProxy.Node.Cql.Ast;

internal sealed record TruncateStatement(QualifiedName Table) : Statement;
