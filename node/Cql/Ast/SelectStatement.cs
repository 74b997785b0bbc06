namespace ScriptProxy.Node.Cql.Ast;

/// <summary>SELECT. Items is null for *.</summary>
internal sealed record SelectStatement(
    QualifiedName Table,
    bool Distinct,
    bool Json,
    IReadOnlyList<SelectItem>? Items,
    IReadOnlyList<Relation> Where,
    IReadOnlyList<string> GroupBy,
    IReadOnlyList<Ordering> OrderBy,
    Term? PerPartitionLimit,
    Term? Limit,
    bool AllowFiltering) : Statement;
