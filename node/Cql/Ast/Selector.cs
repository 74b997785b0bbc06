namespace ScriptProxy.Node.Cql.Ast;

/// <summary>One item of a SELECT clause before aliasing.</summary>
internal abstract record Selector;
