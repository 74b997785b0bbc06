using System.Net;
using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// A QUERY on system.peers or system.peers_v2 simple enough to answer from the fleet alone: <c>SELECT *</c> or a list of
/// plain column names (the drivers' schema-agreement form <c>SELECT peer, host_id, rpc_address, schema_version FROM
/// system.peers</c>), with no WHERE clause or only <c>peer = '&lt;address&gt;'</c>. Anything else (functions, aliases,
/// JSON, markers) is not parsed here; the stage then rewrites the upstream's answer row by row instead.
/// </summary>
internal sealed class PeersQuery
{
    private PeersQuery(string table, IReadOnlyList<string> columns, IPAddress? peer, string? unknownColumn)
    {
        Table = table;
        Columns = columns;
        Peer = peer;
        UnknownColumn = unknownColumn;
    }

    /// <summary>"peers" or "peers_v2".</summary>
    public string Table { get; }

    /// <summary>The selected columns, in order (all of the table's for <c>*</c>).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The address of <c>WHERE peer = '...'</c>, or null for every peer.</summary>
    public IPAddress? Peer { get; }

    /// <summary>A selected column the table does not have (answered Invalid, as Cassandra does), or null.</summary>
    public string? UnknownColumn { get; }

    /// <summary>The query's shape, or null when it is not a simple SELECT from system.peers/peers_v2.</summary>
    public static PeersQuery? Parse(string? text)
    {
        if (text is null) return null;
        var statement = CqlParser.Parse(text);
        if (statement.Verb != "select" || !string.Equals(statement.Keyspace, "system", StringComparison.OrdinalIgnoreCase)
            || !FleetTables.IsPeersTable(statement.Table) || statement.MarkerCount > 0 || statement.WhereHasOtherRelations)
        {
            return null;
        }
        string table = statement.Table!.ToLowerInvariant();
        var t = statement.Tokens;
        int i = 1;
        var columns = new List<string>();
        string? unknown = null;
        if (i < t.Count && t[i].IsSymbol("*"))
        {
            columns.AddRange(FleetTables.Columns(table).Select(c => c.Name));
            i++;
        }
        else
        {
            while (i < t.Count && t[i].IsName && !t[i].Is("from") && !t[i].Is("json") && !t[i].Is("distinct"))
            {
                columns.Add(t[i].Value);
                if (unknown is null && FleetTables.TypeOf(table, t[i].Value) is null) unknown = t[i].Value;
                i++;
                if (i < t.Count && t[i].IsSymbol(",")) i++;
                else break;
            }
        }
        if (columns.Count == 0 || i >= t.Count || !t[i].Is("from")) return null;
        IPAddress? peer = null;
        foreach (var where in statement.WhereEqualities)
        {
            if (where.Column != "peer" || where.Term.Literal is not { Kind: CqlTokenKind.String } literal || !IPAddress.TryParse(literal.Value, out peer)) return null;
        }
        return new PeersQuery(table, columns, peer, unknown);
    }
}
