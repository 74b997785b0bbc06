namespace ScriptProxy.Node.Cql.Ast;

internal sealed record BatchStatement(BatchKind Kind, Term? Timestamp, IReadOnlyList<Statement> Statements) : Statement;
