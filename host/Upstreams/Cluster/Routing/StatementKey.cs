namespace ScriptProxy.Host.Upstreams.Cluster.Routing;

/// <summary>
/// The table a QUERY addresses and the columns it fixes to a literal with '=' (INSERT column list, or WHERE
/// equalities joined by AND). Column names are as CQL resolves them: lower-cased unless quoted.
/// </summary>
/// <param name="Keyspace">The qualifying keyspace, or null when the text relies on the connection's keyspace.</param>
/// <param name="Table">The table name.</param>
/// <param name="Literals">Column name to literal.</param>
internal sealed record StatementKey(string? Keyspace, string Table, IReadOnlyDictionary<string, CqlLiteral> Literals);
