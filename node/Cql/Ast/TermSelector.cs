namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A literal inside a selector (count(1), a constant column).</summary>
internal sealed record TermSelector(Term Term) : Selector;
