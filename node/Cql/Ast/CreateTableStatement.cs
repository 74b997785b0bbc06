namespace ScriptProxy.Node.Cql.Ast;

/// <summary>CREATE TABLE. Options values are string, double/long text or a string map, as written after WITH.</summary>
internal sealed record CreateTableStatement(
    QualifiedName Table,
    bool IfNotExists,
    IReadOnlyList<ColumnDefinition> Columns,
    IReadOnlyList<string> PartitionKey,
    IReadOnlyList<string> Clustering,
    IReadOnlyList<Ordering> ClusteringOrder,
    IReadOnlyDictionary<string, object> Options,
    bool CompactStorage) : Statement;
