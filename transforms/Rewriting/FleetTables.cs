using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// The columns of system.peers and system.peers_v2 (Cassandra 4.0) and the value each has in the row of a proxy of the
/// fleet. Types are Cassandra's exactly: gocql checks them (inet addresses, uuid host_id and schema_version,
/// set&lt;text&gt; tokens, int ports) and a wrong one fails its connection.
/// </summary>
internal static class FleetTables
{
    public const string Peers = "peers";

    public const string PeersV2 = "peers_v2";

    private static readonly (string Name, CqlType Type)[] PeersColumns =
    [
        ("peer", CqlType.Inet), ("data_center", CqlType.Text), ("host_id", CqlType.Uuid), ("preferred_ip", CqlType.Inet),
        ("rack", CqlType.Text), ("release_version", CqlType.Text), ("rpc_address", CqlType.Inet), ("schema_version", CqlType.Uuid),
        ("tokens", CqlType.SetOf(CqlType.Text)),
    ];

    private static readonly (string Name, CqlType Type)[] PeersV2Columns =
    [
        ("peer", CqlType.Inet), ("peer_port", CqlType.Int), ("data_center", CqlType.Text), ("host_id", CqlType.Uuid),
        ("native_address", CqlType.Inet), ("native_port", CqlType.Int), ("preferred_ip", CqlType.Inet), ("preferred_port", CqlType.Int),
        ("rack", CqlType.Text), ("release_version", CqlType.Text), ("schema_version", CqlType.Uuid), ("tokens", CqlType.SetOf(CqlType.Text)),
    ];

    /// <summary>True for "peers" and "peers_v2" (any case).</summary>
    public static bool IsPeersTable(string? table) =>
        string.Equals(table, Peers, StringComparison.OrdinalIgnoreCase) || string.Equals(table, PeersV2, StringComparison.OrdinalIgnoreCase);

    /// <summary>The table's columns in Cassandra's <c>SELECT *</c> order (partition key, clustering, then alphabetical).</summary>
    public static IReadOnlyList<(string Name, CqlType Type)> Columns(string table) =>
        string.Equals(table, PeersV2, StringComparison.OrdinalIgnoreCase) ? PeersV2Columns : PeersColumns;

    /// <summary>The type of <paramref name="column"/> in <paramref name="table"/>, or null when the table has no such column.</summary>
    public static CqlType? TypeOf(string table, string column)
    {
        foreach (var (name, type) in Columns(table))
        {
            if (name == column) return type;
        }
        return null;
    }

    /// <summary>The value of <paramref name="column"/> in the peers row of <paramref name="member"/>.</summary>
    public static object? Cell(string column, FleetMember member, UpstreamLocalInfo local) => column switch
    {
        "peer" or "rpc_address" or "native_address" => member.Endpoint.Address,
        // peer_port is the internode port in Cassandra; the proxy's own port keeps (peer, peer_port) unique per proxy.
        "peer_port" or "native_port" => member.Endpoint.Port,
        "host_id" => member.HostId,
        "tokens" => member.Tokens,
        "data_center" => local.DataCenter,
        "rack" => local.Rack,
        "release_version" => local.ReleaseVersion,
        "schema_version" => local.SchemaVersion,
        _ => null, // preferred_ip, preferred_port: no preferred address
    };
}
