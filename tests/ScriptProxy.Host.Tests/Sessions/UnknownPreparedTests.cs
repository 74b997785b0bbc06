using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// An EXECUTE of an id the proxy never saw prepared (prepared through another proxy of the fleet, or before a restart)
/// cannot be classified by the stages. It is answered Unprepared, so the driver prepares through this proxy; before
/// this, such an EXECUTE was classified Other and a QueryTypeFilter denying writes let it write.
/// </summary>
public sealed class UnknownPreparedTests
{
    private static async Task<(EmbeddedNode Node, ProxyHarness Proxy)> StartAsync()
    {
        var node = new EmbeddedNode();
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var stages = ConfigLoader.Parse("""{"stages": [{"builtin": "QueryTypeFilter", "deny": ["Write"], "timeoutMs": 5000}]}""", "proxy.json").Stages;
        var proxy = await ProxyHarness.WithStagesAsync(node.LocalEndPoint!, c => c with { Stages = stages });
        return (node, proxy);
    }

    private static ExecuteRequest Execute(PreparedResult prepared, byte version, params object?[] values) =>
        new(prepared.Id, prepared.ResultMetadataId, new QueryParameters(Consistency.One) { Values = CqlConnection.EncodeValues(prepared, values, version) });

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Execute_of_an_id_prepared_elsewhere_is_answered_unprepared_and_cannot_bypass_the_filter(byte version)
    {
        var (node, proxy) = await StartAsync();
        await using var _ = node;
        await using var __ = proxy;
        var options = new CqlConnectionOptions { Version = version };
        await using var direct = await CqlConnection.ConnectAsync(node.LocalEndPoint!, options);
        await direct.QueryAsync("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        await direct.QueryAsync("CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
        await direct.QueryAsync("INSERT INTO ks.t (k, v) VALUES (1, 'one')");
        var insertElsewhere = await direct.PrepareAsync("INSERT INTO ks.t (k, v) VALUES (?, ?)");
        var selectElsewhere = await direct.PrepareAsync("SELECT v FROM ks.t WHERE k = ?");

        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint, options);

        // The write prepared behind the proxy's back is not executed: Unprepared with its id, as Cassandra answers.
        var error = Assert.IsType<ErrorResponse>(await client.SendAsync(Execute(insertElsewhere, version, 2, "two")));
        Assert.Equal(ErrorCode.Unprepared, error.Code);
        Assert.Equal(insertElsewhere.Id.ToArray(), Assert.IsType<UnpreparedDetails>(error.Details).QueryId.ToArray());
        // Preparing it through the proxy is refused (a denied write), so it can never run.
        Assert.Equal(ErrorCode.Unauthorized, Assert.IsType<ErrorResponse>(await client.SendAsync(new PrepareRequest("INSERT INTO ks.t (k, v) VALUES (?, ?)"))).Code);
        Assert.Equal(ErrorCode.Unprepared, Assert.IsType<ErrorResponse>(await client.SendAsync(Execute(insertElsewhere, version, 2, "two"))).Code);
        var count = Assert.IsType<RowsResult>(await direct.QueryAsync("SELECT count(*) FROM ks.t"));
        Assert.Equal(1L, Convert.ToInt64(Abstractions.Types.CqlValueCodec.Decode(count.Columns![0].Type, count.GetCell(0, 0).Bytes.Span, version)));

        // A read goes the way every driver recovers: Unprepared, prepare through this proxy, execute again.
        Assert.Equal(ErrorCode.Unprepared, Assert.IsType<ErrorResponse>(await client.SendAsync(Execute(selectElsewhere, version, 1))).Code);
        var again = await client.PrepareAsync("SELECT v FROM ks.t WHERE k = ?");
        Assert.Equal(selectElsewhere.Id.ToArray(), again.Id.ToArray()); // ids are the node's: the same statement, the same id
        var rows = Assert.IsType<RowsResult>(await client.SendAsync(Execute(selectElsewhere, version, 1)));
        Assert.Equal(1, rows.RowCount);
    }
}
