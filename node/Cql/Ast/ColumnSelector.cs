namespace ScriptProxy.Node.Cql.Ast;

internal sealed record ColumnSelector(string Name) : Selector;
