namespace ScriptProxy.Node.Cql.Ast;

internal sealed record SelectItem(Selector Selector, string? Alias);
