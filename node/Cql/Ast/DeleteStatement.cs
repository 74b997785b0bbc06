namespace ScriptProxy.Node.Cql.Ast;

internal sealed record DeleteStatement(
    QualifiedName Table,
    IReadOnlyList<DeleteTarget> Targets,
    Term? Timestamp,
    IReadOnlyList<Relation> Where,
    IReadOnlyList<Condition> Conditions,
    bool IfExists) : Statement;
