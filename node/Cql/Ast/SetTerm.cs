namespace ScriptProxy.Node.Cql.Ast;

/// <summary>{a, b}. An empty {} parses as an empty <see cref="MapTerm"/> and becomes a set when a set receives it.</summary>
internal sealed record SetTerm(IReadOnlyList<Term> Items) : Term;
