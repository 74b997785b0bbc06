using System.Net;
using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Operations;

/// <summary>The admin API's stage operations change behaviour on a connection that stays open throughout.</summary>
public sealed class StageAdminTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static string Tagger(string tag) => $$"""
        ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            if (exchange.Request.Kind == StatementKind.Write)
            {
                exchange.Respond(ErrorCode.Invalid, "tagged {{tag}}");
                return ValueTask.CompletedTask;
            }
            return next(exchange);
        }
        """;

    [Fact]
    public async Task ReloadRollbackDisableEnable_ChangeBehaviourOnALiveConnection()
    {
        _bed.Write("scripts/tag.csx", Tagger("v1"));
        var stage = StageBed.Script("scripts/tag.csx");
        await using var proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with
        {
            Stages = [stage],
            Source = Path.Combine(_bed.Root, "proxy.json"),
            Reload = c.Reload with { Enabled = false }, // only the admin API changes versions here
        });
        var manager = proxy.Stages!.Manager;
        var metrics = proxy.Server.Metrics;
        StageMetrics.Register(metrics, manager);
        await using var admin = await AdminServer.StartAsync(new AdminConfig(true, IPAddress.Loopback, 0, null), metrics, [new StagesReadinessCheck(manager)],
            new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information), app => StageAdminEndpoints.Map(app, manager));
        using var http = new HttpClient { BaseAddress = admin.BaseAddress };

        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(0));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        Assert.Equal("ok", await client.QueryOutcomeAsync("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
        Assert.Equal("ok", await client.QueryOutcomeAsync("CREATE TABLE ks.t (k int PRIMARY KEY, v text)"));
        const string Insert = "INSERT INTO ks.t (k, v) VALUES (1, 'x')";
        Assert.Equal("tagged v1", await client.QueryOutcomeAsync(Insert));

        _bed.Write("scripts/tag.csx", Tagger("v2"));
        var reload = await PostAsync(http, "stages/tag/reload");
        Assert.True(reload.Ok, reload.Message);
        Assert.Equal("tagged v2", await client.QueryOutcomeAsync(Insert));

        var rollback = await PostAsync(http, "stages/tag.csx/rollback");
        Assert.True(rollback.Ok, rollback.Message);
        Assert.Contains("rolled back to version 1", rollback.Message);
        Assert.Equal("tagged v1", await client.QueryOutcomeAsync(Insert));

        using (var stages = JsonDocument.Parse(await http.GetStringAsync("stages")))
        {
            var s = stages.RootElement.GetProperty("stages")[0];
            Assert.Equal("scripts/tag.csx", s.GetProperty("name").GetString());
            Assert.Equal(1, s.GetProperty("liveVersion").GetInt32());
            Assert.True(s.GetProperty("pinned").GetBoolean());
            Assert.Equal([2, 1], s.GetProperty("archivedVersions").EnumerateArray().Select(v => v.GetInt32()).ToArray());
            Assert.Equal("Active", s.GetProperty("state").GetString());
        }
        // A reload pass over unchanged files keeps the rollback.
        await manager.ReloadAsync();
        Assert.Equal("tagged v1", await client.QueryOutcomeAsync(Insert));

        Assert.True((await PostAsync(http, "stages/tag/disable")).Ok);
        Assert.Equal("ok", await client.QueryOutcomeAsync(Insert));
        Assert.True((await PostAsync(http, "stages/tag/enable")).Ok);
        Assert.Equal("tagged v1", await client.QueryOutcomeAsync(Insert));

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("stages/nope/rollback", null)).StatusCode);
        var tooFar = await http.PostAsync("stages/tag/rollback?version=9", null);
        Assert.Equal(HttpStatusCode.Conflict, tooFar.StatusCode);

        string text = await http.GetStringAsync("metrics");
        Assert.Contains("scriptproxy_stage_invocations_total{stage=\"scripts/tag.csx\",kind=\"csharp\"}", text);
        Assert.Contains("scriptproxy_stage_version{stage=\"scripts/tag.csx\",kind=\"csharp\"} 1", text);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/ready")).StatusCode);
    }

    private static async Task<(bool Ok, string Message)> PostAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsync(path, null);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.IsSuccessStatusCode && doc.RootElement.GetProperty("ok").GetBoolean(), doc.RootElement.GetProperty("message").GetString()!);
    }
}
