namespace ScriptProxy.Node.Cql.Ast;

/// <summary>CREATE INDEX: recorded in the schema (system_schema.indexes) and lets WHERE filter on the column without ALLOW FILTERING.</summary>
internal sealed record CreateIndexStatement(QualifiedName Table, string? Name, bool IfNotExists, string Target, string? CustomClass) : Statement;
