namespace ScriptProxy.Node.Cql.Ast;

internal sealed record Ordering(string Column, bool Descending);
