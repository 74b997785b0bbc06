namespace ScriptProxy.Node.Cql.Ast;

internal sealed record AlterTableStatement(
    QualifiedName Table,
    bool IfExists,
    IReadOnlyList<ColumnDefinition> Add,
    IReadOnlyList<string> Drop,
    IReadOnlyList<KeyValuePair<string, string>> Rename,
    IReadOnlyDictionary<string, object> Options) : Statement;
