using System.Net;
using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// Presents the proxy fleet as the cluster, so drivers only ever connect through proxies. The fleet is this proxy's
/// <c>address</c> plus the other proxies in <c>peers</c> (see <see cref="ProxyFleet"/>: every proxy computes the same
/// ring and host ids from the list alone). system.local answers this proxy (address, host id, tokens); system.peers and
/// system.peers_v2 answer exactly the other proxies, synthesized whatever the upstream has (one real node has no peer
/// rows; a 3-proxy fleet still shows 2 peers), with data_center/rack/release_version/schema_version copied from the
/// upstream's system.local. TOPOLOGY_CHANGE and STATUS_CHANGE events are rewritten to this proxy's address
/// (<see cref="FleetEvents"/>). Without this stage a driver discovers the real nodes and opens connections that
/// bypass every stage.
/// </summary>
public sealed class PeersRewrite : IStage, IEventStage
{
    private const string Murmur3 = "org.apache.cassandra.dht.Murmur3Partitioner";
    private const string LocalQuery = "SELECT * FROM system.local WHERE key='local'";
    private UpstreamLocalInfo _local = UpstreamLocalInfo.Unknown;

    private PeersRewrite(ProxyFleet fleet) => Fleet = fleet;

    /// <summary>The fleet this proxy presents.</summary>
    public ProxyFleet Fleet { get; }

    /// <summary>What the upstream's system.local said last (the per-proxy topology snapshot).</summary>
    public UpstreamLocalInfo Local => Volatile.Read(ref _local);

    /// <summary>Builds the stage from <c>address</c> (default: the first listener), <c>peers</c> and <c>vnodes</c>.</summary>
    public static PeersRewrite Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "address", "peers", "vnodes");
        string? text = r.String("address") ?? context.ListenerEndpoints.FirstOrDefault();
        if (text is null) throw r.Problem("address", "is required (the proxy's client-facing \"host:port\", e.g. \"10.0.0.7:9042\")");
        var address = ParseEndpoint(r, "address", text);
        var peers = new List<IPEndPoint>();
        var list = r.StringList("peers");
        for (int i = 0; i < list.Count; i++) peers.Add(ParseEndpoint(r, $"peers[{i}]", list[i]));
        int vnodes = r.Int("vnodes", 1, 256, 8);
        return new PeersRewrite(ProxyFleet.Create(address, peers, vnodes));
    }

    private static IPEndPoint ParseEndpoint(SettingsReader r, string key, string text)
    {
        if (IPEndPoint.TryParse(text, out var ep) && ep.Port != 0 && !ep.Address.Equals(IPAddress.Any) && !ep.Address.Equals(IPAddress.IPv6Any)) return ep;
        throw r.Problem(key, $"expected an IP endpoint a driver can connect to, like \"127.0.0.1:9042\", got \"{text}\"");
    }

    /// <inheritdoc />
    public EventResponse? OnEvent(EventResponse received) => FleetEvents.Map(received, Fleet);

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        if (exchange.Request.Opcode == Opcode.Query && PeersQuery.Parse(exchange.Request.Query) is { } query)
        {
            await AnswerFromFleetAsync(exchange, next, query).ConfigureAwait(false);
            return;
        }
        await next(exchange).ConfigureAwait(false);
        if (exchange.Response is not { IsError: false } response || response.Columns.Count == 0) return;
        var first = response.Columns[0];
        if (!string.Equals(first.Keyspace, "system", StringComparison.OrdinalIgnoreCase)) return;
        if (string.Equals(first.Table, "local", StringComparison.OrdinalIgnoreCase)) PresentLocal(response);
        else if (FleetTables.IsPeersTable(first.Table)) RewritePeerRows(exchange, response, first.Table.ToLowerInvariant());
    }

    /// <summary>
    /// A plain SELECT on peers/peers_v2: asks the upstream for its system.local instead (the values the peer rows copy,
    /// even on a single node with no peers) and answers with one row per other proxy, in the projection asked for.
    /// </summary>
    private async ValueTask AnswerFromFleetAsync(ICqlExchange exchange, StageNext next, PeersQuery query)
    {
        if (query.UnknownColumn is { } unknown)
        {
            exchange.Respond(ErrorCode.Invalid, $"Undefined column name {unknown} in table system.{query.Table}");
            return;
        }
        exchange.Request.SetQuery(LocalQuery);
        await next(exchange).ConfigureAwait(false);
        if (exchange.Response is not { IsError: false } response) return;
        var local = Learn(response);
        if (query.Table == FleetTables.PeersV2 && !local.HasPeersV2)
        {
            // Cassandra 3 has no peers_v2; drivers fall back to system.peers on exactly this answer.
            exchange.Respond(ErrorCode.Invalid, "unconfigured table peers_v2");
            return;
        }
        var columns = query.Columns.Select(c => new ResultColumn("system", query.Table, c, FleetTables.TypeOf(query.Table, c)!)).ToList();
        var members = Fleet.Others.Where(m => query.Peer is null || m.Endpoint.Address.Equals(query.Peer));
        exchange.RespondRows(columns, members.Select(m => columns.Select(c => FleetTables.Cell(c.Name, m, local)).ToArray()));
    }

    /// <summary>
    /// Any other read of peers/peers_v2 (EXECUTE of a prepared SELECT, projections this stage does not parse): keeps the
    /// upstream's columns (the PREPARED metadata the driver holds) and replaces the rows with the other proxies'.
    /// </summary>
    private void RewritePeerRows(ICqlExchange exchange, ICqlResponse response, string table)
    {
        var columns = response.Columns;
        // count(*), json and other computed columns are left alone rather than filled with nonsense.
        if (columns.Any(c => FleetTables.TypeOf(table, c.Name) is not { } type || type.Code != c.Type.Code)) return;
        var local = Local;
        // No system.local seen yet on this proxy: a real peer row has the same DC, rack and versions.
        if (local.DataCenter is null && response.RowCount > 0) local = local.With(response, 0);
        var rows = Fleet.Others.Select(m => columns.Select(c => FleetTables.Cell(c.Name, m, local)).ToArray()).ToList();
        exchange.RespondRows(columns, rows);
    }

    /// <summary>system.local as this proxy: its address everywhere a driver reads one, its host id and its tokens.</summary>
    private void PresentLocal(ICqlResponse response)
    {
        if (response.RowCount == 0) return;
        Learn(response);
        var self = Fleet.Self;
        for (int row = 0; row < response.RowCount; row++)
        {
            foreach (var column in response.Columns)
            {
                object? value = (column.Name, column.Type.Code) switch
                {
                    ("rpc_address" or "native_address" or "broadcast_address" or "listen_address", CqlTypeCode.Inet) => self.Endpoint.Address,
                    ("rpc_port" or "native_port", CqlTypeCode.Int) => self.Endpoint.Port,
                    ("host_id", CqlTypeCode.Uuid) => self.HostId,
                    ("tokens", CqlTypeCode.Set) => self.Tokens,
                    // The fleet's tokens are Murmur3 tokens whatever the real cluster uses (they only spread load over proxies).
                    ("partitioner", CqlTypeCode.Varchar) => Murmur3,
                    _ => null,
                };
                if (value is not null) response.SetCell(row, column.Name, value);
            }
        }
    }

    /// <summary>Remembers what the upstream's system.local row says (before this stage changes it).</summary>
    private UpstreamLocalInfo Learn(ICqlResponse response)
    {
        if (response.RowCount == 0 || response.Columns.Count == 0) return Local;
        var learnt = Local.With(response, 0);
        Volatile.Write(ref _local, learnt);
        return learnt;
    }
}
