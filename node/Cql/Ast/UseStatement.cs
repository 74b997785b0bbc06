namespace ScriptProxy.Node.Cql.Ast;

internal sealed record UseStatement(string Keyspace) : Statement;
