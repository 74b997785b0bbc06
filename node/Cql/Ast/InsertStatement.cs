namespace ScriptProxy.Node.Cql.Ast;

internal sealed record InsertStatement(
    QualifiedName Table,
    IReadOnlyList<string> Columns,
    IReadOnlyList<Term> Values,
    Term? Json,
    bool JsonDefaultUnset,
    bool IfNotExists,
    Term? Ttl,
    Term? Timestamp) : Statement;
