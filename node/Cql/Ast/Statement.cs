namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A parsed CQL statement. Immutable, so a prepared statement can be executed concurrently.</summary>
internal abstract record Statement;
