namespace ScriptProxy.Node.Cql.Ast;

/// <summary>One IF condition: col op v, col[key] op v, col IN (...).</summary>
internal sealed record Condition(string Column, Term? ElementKey, RelationOp Op, Term? Value, IReadOnlyList<Term>? InValues);
