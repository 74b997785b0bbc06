namespace ScriptProxy.Node.Cql.Ast;

internal sealed record TupleTerm(IReadOnlyList<Term> Items) : Term;
