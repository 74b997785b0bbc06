namespace ScriptProxy.Node.Cql.Ast;

internal sealed record CreateTypeStatement(QualifiedName Type, bool IfNotExists, IReadOnlyList<KeyValuePair<string, string>> Fields) : Statement;
