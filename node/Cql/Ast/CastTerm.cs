namespace ScriptProxy.Node.Cql.Ast;

/// <summary>(type) term: a type hint for a literal.</summary>
internal sealed record CastTerm(string TypeText, Term Inner) : Term;
