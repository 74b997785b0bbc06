namespace ScriptProxy.Node.Cql.Ast;

internal sealed record ColumnDefinition(string Name, string TypeText, bool IsStatic);
