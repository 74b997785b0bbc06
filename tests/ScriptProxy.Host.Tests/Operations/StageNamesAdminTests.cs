using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Cli;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Transforms.Mirroring;

namespace ScriptProxy.Host.Tests.Operations;

/// <summary>
/// A stage configured twice (two QueryCounters, two Tees) is two stages to the operator: each has its own series on
/// /metrics and the admin API and the CLI address either one by its unique name ("QueryCounter#2", written %23 in a URL).
/// </summary>
public sealed class StageNamesAdminTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private ProxyConfig Parse(string stagesJson) => ConfigLoader.Parse($$"""{ "stages": {{stagesJson}} }""", Path.Combine(_bed.Root, "proxy.json"));

    private static Task<AdminServer> StartAdminAsync(ProxyMetrics metrics, PipelineManager manager) =>
        AdminServer.StartAsync(new AdminConfig(true, IPAddress.Loopback, 0, null), metrics, [new StagesReadinessCheck(manager)],
            new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information), app => StageAdminEndpoints.Map(app, manager));

    [Fact]
    public async Task TwoQueryCounters_SeparateSeries_AndTheSecondIsDisabledByItsName()
    {
        // Writes stop at the script (it answers them), so only the first QueryCounter sees them: the two series must differ.
        _bed.Write("scripts/tag.csx", """
            ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                if (exchange.Request.Kind != StatementKind.Write) return next(exchange);
                exchange.Respond(ErrorCode.Invalid, "tagged");
                return ValueTask.CompletedTask;
            }
            """);
        var config = Parse("""[{"builtin": "QueryCounter"}, {"script": "scripts/tag.csx"}, {"builtin": "QueryCounter"}]""");
        await using var proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with { Stages = config.Stages, Source = config.Source, Reload = c.Reload with { Enabled = false } });
        var manager = proxy.Stages!.Manager;
        StageMetrics.Register(proxy.Server.Metrics, manager);
        await using var admin = await StartAdminAsync(proxy.Server.Metrics, manager);
        using var http = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(0));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        Assert.Equal("ok", await client.QueryOutcomeAsync("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
        Assert.Equal("ok", await client.QueryOutcomeAsync("CREATE TABLE ks.t (k int PRIMARY KEY, v text)"));

        using (var stages = JsonDocument.Parse(await http.GetStringAsync("stages")))
        {
            Assert.Equal(["QueryCounter", "scripts/tag.csx", "QueryCounter#2"],
                stages.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        }

        var before = await ScrapeAsync(http);
        for (int i = 0; i < 3; i++) Assert.Equal("tagged", await client.QueryOutcomeAsync("INSERT INTO ks.t (k, v) VALUES (1, 'x')"));
        for (int i = 0; i < 2; i++) Assert.Equal("ok", await client.QueryOutcomeAsync("SELECT v FROM ks.t WHERE k = 1"));
        var after = await ScrapeAsync(http);
        Assert.Equal(5, Delta(before, after, Invocations("QueryCounter")));
        Assert.Equal(2, Delta(before, after, Invocations("QueryCounter#2")));
        Assert.Equal(3, Delta(before, after, Count("QueryCounter", "Write")));
        Assert.Equal(2, Delta(before, after, Count("QueryCounter", "Read")));
        Assert.Equal(0, Delta(before, after, Count("QueryCounter#2", "Write")));
        Assert.Equal(2, Delta(before, after, Count("QueryCounter#2", "Read")));

        // The second QueryCounter, by its name: disabling it leaves the first one counting.
        using (var disabled = await http.PostAsync("stages/QueryCounter%232/disable", null))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            using var doc = JsonDocument.Parse(await disabled.Content.ReadAsStringAsync());
            Assert.Equal("QueryCounter#2 disabled", doc.RootElement.GetProperty("message").GetString());
            Assert.Equal("QueryCounter#2", doc.RootElement.GetProperty("stage").GetProperty("name").GetString());
        }
        before = after;
        Assert.Equal("ok", await client.QueryOutcomeAsync("SELECT v FROM ks.t WHERE k = 1"));
        after = await ScrapeAsync(http);
        Assert.Equal(1, Delta(before, after, Count("QueryCounter", "Read")));
        Assert.Equal(0, Delta(before, after, Count("QueryCounter#2", "Read")));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("stages/QueryCounter%232/enable", null)).StatusCode);
        Assert.Equal("ok", await client.QueryOutcomeAsync("SELECT v FROM ks.t WHERE k = 1"));
        Assert.Equal(1, Delta(after, await ScrapeAsync(http), Count("QueryCounter#2", "Read")));

        // Settings are addressed the same way; a QueryCounter has none to switch, and the answer names the stage it reached.
        using var settings = await http.GetAsync("stages/QueryCounter%232/settings");
        Assert.Equal(HttpStatusCode.BadRequest, settings.StatusCode);
        Assert.StartsWith("QueryCounter#2 has no settings", JsonDocument.Parse(await settings.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("stages/QueryCounter%233/disable", null)).StatusCode);
    }

    [Fact]
    public async Task ThreeTees_SettingsSwitchedOnTheOneNamed_ByAdminApiAndCli()
    {
        // The Tees never see a request here, so their second cluster is never dialled; only their settings matter.
        var config = Parse("""
            [{"builtin": "Tee", "upstream": "127.0.0.1:9"},
             {"builtin": "Tee", "upstream": "127.0.0.1:9", "name": "shadow"},
             {"builtin": "Tee", "upstream": "127.0.0.1:9"}]
            """);
        var manager = new PipelineManager(config.Stages, config.BaseDirectory, StageBed.RelaxedJs, NullLoggerFactory.Instance);
        Assert.Empty(await manager.ReloadAsync());
        var live = manager.LiveStages().ToList();
        Assert.Equal(["Tee", "shadow", "Tee#2"], live.Select(s => s.Name));
        var tees = live.Select(s => (Tee)s.Stage!).ToList();
        await using var admin = await StartAdminAsync(new ProxyMetrics(), manager);
        using var http = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        using var body = new StringContent("""{"mismatch": "FailOnMismatch"}""", Encoding.UTF8, "application/json");
        using var put = await http.PutAsync("stages/Tee%232/settings", body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Tee#2", JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("stage").GetString());
        Assert.Equal([TeeMismatch.Ignore, TeeMismatch.Ignore, TeeMismatch.FailOnMismatch], tees.Select(t => t.Mismatch));

        // The CLI escapes the name itself.
        string url = admin.BaseAddress.ToString();
        Assert.Equal(0, await CommandLine.RunAsync(["stages", "set", "shadow", "resultSource=Secondary", "--admin", url]));
        Assert.Equal(0, await CommandLine.RunAsync(["stages", "set", "Tee#2", "mismatch=LogOnMismatch", "--admin", url]));
        Assert.Equal([TeeResultSource.Primary, TeeResultSource.Secondary, TeeResultSource.Primary], tees.Select(t => t.ResultSource));
        Assert.Equal([TeeMismatch.Ignore, TeeMismatch.Ignore, TeeMismatch.LogOnMismatch], tees.Select(t => t.Mismatch));
        Assert.Equal(0, await CommandLine.RunAsync(["stages", "settings", "Tee#2", "--admin", url]));
        Assert.Equal(1, await CommandLine.RunAsync(["stages", "settings", "Tee#3", "--admin", url]));
        foreach (var tee in tees) tee.Dispose();
    }

    private static string Invocations(string stage) => $$"""scriptproxy_stage_invocations_total{stage="{{stage}}",kind="builtin"}""";

    private static string Count(string stage, string kind) =>
        $$"""scriptproxy_query_count_total{stage="{{stage}}",counter="default",kind="{{kind}}",keyspace="ks",table="t"}""";

    private static double Delta(Dictionary<string, double> before, Dictionary<string, double> after, string series) =>
        after.GetValueOrDefault(series) - before.GetValueOrDefault(series);

    /// <summary>/metrics as series text (name and labels) to value; comments skipped.</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await http.GetStringAsync("metrics")).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.LastIndexOf(' ');
            series[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return series;
    }
}
