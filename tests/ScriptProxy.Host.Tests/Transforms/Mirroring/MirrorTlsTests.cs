using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Client;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Transforms.Mirroring;

namespace ScriptProxy.Host.Tests.Transforms.Mirroring;

/// <summary>
/// Tee and DualWrite to a second cluster that accepts TLS only (like Cassandra with
/// <c>client_encryption_options: {enabled: true, optional: false}</c>), with <c>tls</c> shaped like upstreamTls: the
/// real Python driver writes through the proxy, and the test reads the TLS node itself to see the rows arrived.
/// </summary>
[Collection(TransformCollection.Name)]
public sealed class MirrorTlsTests
{
    private static readonly TestCertificates Certs = TestCertificates.Instance;

    /// <summary>The shared test leaf names 127.0.0.1, the address the stages connect to: no serverName needed.</summary>
    private static readonly EmbeddedNodeOptions TlsOnly = new() { TlsCertificate = Certs.Leaf };

    private const string Rows = """[[1,"simple"],[2,"prepared"],[3,"batched"]]""";

    private static string Tls(string ca) => $$"""{"caCertificate": {{TlsConfigs.Quote(ca)}}}""";

    [Fact]
    public async Task Tee_WithCaOnly_PythonDriver_MirrorsEveryWriteToTheTlsOnlySecondary()
    {
        await using var bed = await TransformBed.StartAsync(
            $$"""[{"builtin": "Tee", "upstream": "{secondary}", "tls": {{Tls(Certs.CaPem)}}, "mismatch": "FailOnMismatch"}]""", secondary: true, secondaryNode: TlsOnly);
        var j = await bed.RunAsync("transforms_mirroring.py", "Tls");
        Assert.Equal(Rows, j.GetProperty("client_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(Rows, j.GetProperty("node_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(Rows, await SecondaryRowsAsync(bed));
        // The read was compared with the secondary's answer over TLS too, and they agreed.
        Assert.Equal(0, bed.Stage<Tee>().MismatchCount);
    }

    [Fact]
    public async Task DualWrite_WithCaOnly_PythonDriver_WritesToTheOriginAndTheTlsOnlyTarget()
    {
        await using var bed = await TransformBed.StartAsync(
            $$"""[{"builtin": "DualWrite", "target": "{secondary}", "tls": {{Tls(Certs.CaPem)}}}]""", secondary: true, secondaryNode: TlsOnly);
        await using (var target = await ConnectSecondaryAsync(bed))
        {
            // DualWrite sends schema changes to the origin only: the migration creates the target's schema.
            await target.QueryAsync("CREATE KEYSPACE IF NOT EXISTS mtls WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            await target.QueryAsync("CREATE TABLE IF NOT EXISTS mtls.t (id int PRIMARY KEY, v text)");
        }
        var j = await bed.RunAsync("transforms_mirroring.py", "Tls");
        Assert.Equal(Rows, j.GetProperty("client_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(Rows, j.GetProperty("node_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(Rows, await SecondaryRowsAsync(bed));
    }

    [Fact]
    public async Task Tee_UntrustedCertificate_PrimaryStillAnswers_FailureLoggedNamingTheCertificate()
    {
        // As with any unreachable secondary: the client is served by the primary, the failure is logged (mismatch Ignore).
        var (bed, client) = await UntrustedAsync("Tee", "upstream");
        await using var _ = bed;
        await using var __ = client;
        Assert.IsType<VoidResult>(await client.QueryAsync("INSERT INTO tls_bad.t (id, v) VALUES (1, 'primary')"));

        await using var primary = await CqlConnection.ConnectAsync(bed.Node.LocalEndPoint!);
        Assert.Equal(1, Assert.IsType<RowsResult>(await primary.QueryAsync("SELECT v FROM tls_bad.t WHERE id = 1")).RowCount);
        var failures = bed.LogLines("ScriptProxy.Transforms.Tee").Where(l => l.Contains("failed", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, l => Assert.Contains("certificate", l, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(bed.Secondary!.LocalEndPoint!.Port.ToString(), failures[0], StringComparison.Ordinal);
        Assert.Equal(0, bed.Stage<Tee>().MismatchCount);
    }

    [Fact]
    public async Task DualWrite_UntrustedCertificate_FailsTheWriteWithTheReason()
    {
        var (bed, client) = await UntrustedAsync("DualWrite", "target");
        await using var _ = bed;
        await using var __ = client;
        var error = Assert.IsType<ErrorResponse>(await client.SendAsync(new QueryRequest("INSERT INTO tls_bad.t (id, v) VALUES (1, 'x')")));
        Assert.Contains("DualWrite: the target cluster 127.0.0.1:" + bed.Secondary!.LocalEndPoint!.Port, error.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The stage with a CA that did not sign the TLS-only second node's certificate, a client, and tls_bad.t on the primary.</summary>
    private static async Task<(TransformBed Bed, CqlConnection Client)> UntrustedAsync(string builtin, string endpointKey)
    {
        var bed = await TransformBed.StartAsync(
            $$"""[{"builtin": "{{builtin}}", "{{endpointKey}}": "{secondary}", "tls": {{Tls(Certs.OtherCaPem)}}}]""", secondary: true, secondaryNode: TlsOnly);
        var client = await CqlConnection.ConnectAsync(bed.Proxy.EndPoint, new CqlConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(30) });
        await client.QueryAsync("CREATE KEYSPACE IF NOT EXISTS tls_bad WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        await client.QueryAsync("CREATE TABLE IF NOT EXISTS tls_bad.t (id int PRIMARY KEY, v text)");
        return (bed, client);
    }

    private static Task<CqlConnection> ConnectSecondaryAsync(TransformBed bed) =>
        CqlConnection.ConnectAsync(bed.Secondary!.LocalEndPoint!, new CqlConnectionOptions { Tls = TestCertificates.ClientOptions(Certs.Ca), ConnectTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>The second node's rows of mtls.t as "[[id,"v"],...]", read over TLS directly (not through the proxy).</summary>
    private static async Task<string> SecondaryRowsAsync(TransformBed bed)
    {
        await using var direct = await ConnectSecondaryAsync(bed);
        var rows = Assert.IsType<RowsResult>(await direct.QueryAsync("SELECT id, v FROM mtls.t"));
        var pairs = Enumerable.Range(0, rows.RowCount)
            .Select(i => (Id: (int)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(i, 0).Bytes.Span, 4)!, V: System.Text.Encoding.UTF8.GetString(rows.GetCell(i, 1).Bytes.Span)))
            .OrderBy(p => p.Id);
        return "[" + string.Join(",", pairs.Select(p => $"[{p.Id},\"{p.V.Replace(" ", "")}\"]")) + "]";
    }
}
