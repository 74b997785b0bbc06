namespace ScriptProxy.Node.Cql.Ast;

internal sealed record ListTerm(IReadOnlyList<Term> Items) : Term;
