namespace ScriptProxy.Node.Cql.Ast;

internal sealed record UpdateStatement(
    QualifiedName Table,
    Term? Ttl,
    Term? Timestamp,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<Relation> Where,
    IReadOnlyList<Condition> Conditions,
    bool IfExists) : Statement;
