using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// Reads the cluster's members as a driver does: the connected node from system.local, the others from
/// system.peers_v2, falling back to system.peers on servers without it (Cassandra 3). A member without tokens
/// (a node still joining) is left out: it owns nothing to route to yet.
/// </summary>
internal static class SystemTables
{
    /// <summary>One node of the ring: its host id, native endpoint, tokens and data center.</summary>
    public readonly record struct Member(Guid HostId, IPEndPoint EndPoint, long[] Tokens, string DataCenter);

    /// <summary>Every member, the node <paramref name="control"/> is connected to first.</summary>
    public static async Task<List<Member>> ReadMembersAsync(CqlConnection control, CancellationToken cancellationToken)
    {
        var connected = (IPEndPoint)control.RemoteEndPoint!;
        var endPoint = new IPEndPoint(connected.Address.IsIPv4MappedToIPv6 ? connected.Address.MapToIPv4() : connected.Address, connected.Port);
        var members = new List<Member>();
        var local = await control.QueryAsync("SELECT * FROM system.local WHERE key='local'", Consistency.One, cancellationToken).ConfigureAwait(false) as RowsResult;
        if (local is { RowCount: > 0 }) members.Add(new Member(HostId(local, 0), endPoint, Tokens(local, 0), Text(local, 0, "data_center") ?? ""));
        var answer = await control.SendAsync(new QueryRequest("SELECT * FROM system.peers_v2"), cancellationToken).ConfigureAwait(false);
        bool v2 = answer is RowsResult;
        if (!v2) answer = await control.SendAsync(new QueryRequest("SELECT * FROM system.peers"), cancellationToken).ConfigureAwait(false);
        if (answer is not RowsResult peers) return members;
        for (int i = 0; i < peers.RowCount; i++)
        {
            var address = Inet(peers, i, v2 ? "native_address" : "rpc_address") ?? Inet(peers, i, "peer");
            if (address is null) continue;
            int port = v2 && peers.Metadata.IndexOf("native_port") >= 0 && peers.GetCell(i, "native_port") is { HasBytes: true } p
                ? (int)CqlValueCodec.Decode(CqlType.Int, p.Bytes.Span, 4)! : endPoint.Port;
            var tokens = Tokens(peers, i);
            if (tokens.Length == 0) continue;
            members.Add(new Member(HostId(peers, i), new IPEndPoint(address, port), tokens, Text(peers, i, "data_center") ?? ""));
        }
        return members;
    }

    /// <summary>A text cell by column name; null when the column is missing or the cell is null.</summary>
    public static string? Text(RowsResult rows, int row, string column)
    {
        int index = rows.Metadata.IndexOf(column);
        if (index < 0) return null;
        var cell = rows.GetCell(row, index);
        return cell.HasBytes ? System.Text.Encoding.UTF8.GetString(cell.Bytes.Span) : null;
    }

    private static Guid HostId(RowsResult rows, int row) =>
        rows.Metadata.IndexOf("host_id") is >= 0 and var i && rows.GetCell(row, i) is { HasBytes: true } c ? (Guid)CqlValueCodec.Decode(CqlType.Uuid, c.Bytes.Span, 4)! : Guid.NewGuid();

    private static IPAddress? Inet(RowsResult rows, int row, string column) =>
        rows.Metadata.IndexOf(column) is >= 0 and var i && rows.GetCell(row, i) is { HasBytes: true } c ? (IPAddress?)CqlValueCodec.Decode(CqlType.Inet, c.Bytes.Span, 4) : null;

    private static long[] Tokens(RowsResult rows, int row)
    {
        int index = rows.Metadata.IndexOf("tokens");
        if (index < 0 || rows.GetCell(row, index) is not { HasBytes: true } cell) return [];
        var values = (List<object?>)CqlValueCodec.Decode(CqlType.Parse("set<text>"), cell.Bytes.Span, 4)!;
        return values.Select(v => long.Parse((string)v!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
