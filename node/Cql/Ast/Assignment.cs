namespace ScriptProxy.Node.Cql.Ast;

internal sealed record Assignment(string Column, AssignmentKind Kind, Term Value, Term? Key = null, string? Field = null);
