namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A column (or one element of a collection) named in DELETE.</summary>
internal sealed record DeleteTarget(string Column, Term? Key);
