namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A statement with its bind-marker count and names (null for anonymous ?).</summary>
internal sealed record ParsedStatement(Statement Statement, IReadOnlyList<string?> MarkerNames, string Text);
