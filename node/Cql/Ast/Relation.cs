namespace ScriptProxy.Node.Cql.Ast;

/// <summary>
/// One WHERE restriction. Columns has one name for <c>c = v</c>, several for <c>(c1, c2) &gt; (1, 2)</c> and for
/// <c>token(a, b) &gt; v</c> (IsToken). IN carries either InValues or a single marker in Value.
/// </summary>
internal sealed record Relation(IReadOnlyList<string> Columns, bool IsToken, RelationOp Op, Term? Value, IReadOnlyList<Term>? InValues, Term? MapKey = null);
