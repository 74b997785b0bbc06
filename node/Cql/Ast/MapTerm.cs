namespace ScriptProxy.Node.Cql.Ast;

/// <summary>{k: v, ...}; also a UDT literal when the receiver is a UDT (keys are then <see cref="IdentifierTerm"/>).</summary>
internal sealed record MapTerm(IReadOnlyList<KeyValuePair<Term, Term>> Entries) : Term;
