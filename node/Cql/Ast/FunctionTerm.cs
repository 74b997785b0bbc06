namespace ScriptProxy.Node.Cql.Ast;

/// <summary>now(), uuid(), toTimestamp(x), ...: evaluated at execution time.</summary>
internal sealed record FunctionTerm(string Name, IReadOnlyList<Term> Args) : Term;
