namespace ScriptProxy.Node.Cql.Ast;

internal sealed record AlterTypeStatement(QualifiedName Type, IReadOnlyList<KeyValuePair<string, string>> AddFields, IReadOnlyList<KeyValuePair<string, string>> Renames) : Statement;
