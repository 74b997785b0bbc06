using System.Net;
using System.Text.Json;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// Rewrites the topology tables drivers read at connect time so that they only ever connect through the proxy:
/// system.local's client address (rpc_address / native_address and ports) becomes the proxy's, and system.peers /
/// system.peers_v2 rows are removed, or, when other proxy instances are configured in <c>peers</c>, rewritten to
/// point at them (one upstream row per configured peer; surplus rows are dropped).
/// Without this, a driver discovers the cluster's real nodes from system.peers and opens connections that bypass
/// every stage.
/// </summary>
public sealed class PeersRewrite : IStage
{
    private readonly IPEndPoint _address;
    private readonly IReadOnlyList<IPEndPoint> _peers;

    private PeersRewrite(IPEndPoint address, IReadOnlyList<IPEndPoint> peers)
    {
        _address = address;
        _peers = peers;
    }

    /// <summary>Builds the stage from <c>address</c> (default: the first listener) and <c>peers</c>.</summary>
    public static PeersRewrite Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "address", "peers");
        string? text = r.String("address") ?? context.ListenerEndpoints.FirstOrDefault();
        if (text is null) throw r.Problem("address", "is required (the proxy's client-facing \"host:port\", e.g. \"10.0.0.7:9042\")");
        var address = ParseEndpoint(r, "address", text);
        var peers = new List<IPEndPoint>();
        var list = r.StringList("peers");
        for (int i = 0; i < list.Count; i++) peers.Add(ParseEndpoint(r, $"peers[{i}]", list[i]));
        return new PeersRewrite(address, peers);
    }

    private static IPEndPoint ParseEndpoint(SettingsReader r, string key, string text)
    {
        if (IPEndPoint.TryParse(text, out var ep) && ep.Port != 0 && !ep.Address.Equals(IPAddress.Any) && !ep.Address.Equals(IPAddress.IPv6Any)) return ep;
        throw r.Problem(key, $"expected an IP endpoint a driver can connect to, like \"127.0.0.1:9042\", got \"{text}\"");
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        await next(exchange).ConfigureAwait(false);
        if (exchange.Response is not { IsError: false } response || response.Columns.Count == 0) return;
        var first = response.Columns[0];
        if (!string.Equals(first.Keyspace, "system", StringComparison.OrdinalIgnoreCase)) return;
        switch (first.Table.ToLowerInvariant())
        {
            case "local":
                for (int row = 0; row < response.RowCount; row++) PointAt(response, row, _address, isPeers: false);
                break;
            case "peers" or "peers_v2":
                RewritePeers(exchange, response);
                break;
        }
    }

    private void RewritePeers(ICqlExchange exchange, ICqlResponse response)
    {
        int keep = Math.Min(_peers.Count, response.RowCount);
        for (int row = 0; row < keep; row++) PointAt(response, row, _peers[row], isPeers: true);
        if (keep == response.RowCount) return;
        // Dropping rows means a new result: copy the kept rows (with their rewritten cells) into it.
        var columns = response.Columns;
        var rows = new List<object?[]>(keep);
        for (int row = 0; row < keep; row++) rows.Add([.. columns.Select(c => response.GetCell(row, c.Name))]);
        exchange.RespondRows(columns, rows);
    }

    private static void PointAt(ICqlResponse response, int row, IPEndPoint endpoint, bool isPeers)
    {
        foreach (var column in response.Columns)
        {
            switch (column.Name)
            {
                case "rpc_address" or "native_address" when column.Type.Code == CqlTypeCode.Inet:
                    response.SetCell(row, column.Name, endpoint.Address);
                    break;
                case "rpc_port" or "native_port" when column.Type.Code == CqlTypeCode.Int:
                    response.SetCell(row, column.Name, endpoint.Port);
                    break;
                // peers rows are keyed by "peer"; two rows with one proxy address would collide in the driver.
                case "peer" when isPeers && column.Type.Code == CqlTypeCode.Inet:
                    response.SetCell(row, column.Name, endpoint.Address);
                    break;
                case "peer_port" when isPeers && column.Type.Code == CqlTypeCode.Int:
                    response.SetCell(row, column.Name, endpoint.Port);
                    break;
            }
        }
    }
}
