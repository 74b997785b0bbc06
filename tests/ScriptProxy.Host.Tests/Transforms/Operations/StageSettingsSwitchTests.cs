using System.Net;
using System.Text.Json;
using ScriptProxy.Host.Cli;
using ScriptProxy.Transforms.Mirroring;

namespace ScriptProxy.Host.Tests.Transforms.Operations;

/// <summary>
/// PUT /stages/{name}/settings switches Tee and DualWrite on the live stage while a Python driver session stays
/// connected; bad requests are 400 naming the key, unknown stages 404.
/// </summary>
[Collection(TransformCollection.Name)]
public sealed class StageSettingsSwitchTests
{
    private static (int Status, JsonElement Body) Answer(JsonElement j, string step) => (j.GetProperty(step)[0].GetInt32(), j.GetProperty(step)[1]);

    private static void AssertSettings(JsonElement j, string step, string key, string value)
    {
        var (status, body) = Answer(j, step);
        Assert.True(status == 200, $"{step}: {status} {body}");
        Assert.Equal(value, body.GetProperty("settings").GetProperty(key).GetString());
    }

    private static void AssertRefused(JsonElement j, string step, int expectedStatus, params string[] inMessage)
    {
        var (status, body) = Answer(j, step);
        Assert.True(status == expectedStatus, $"{step}: {status} {body}");
        Assert.False(body.GetProperty("ok").GetBoolean());
        foreach (var part in inMessage) Assert.Contains(part, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Tee_MismatchAndResultSource_SwitchedOnALiveSession()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Tee", "upstream": "{secondary}"}, {"builtin": "QueryCounter"}]""", secondary: true);
        await using var admin = await bed.StartAdminAsync();
        var j = await bed.RunAsync("transforms_operations.py", "TeeSwitch", admin);
        AssertSettings(j, "get", "mismatch", "Ignore");
        Assert.Equal("Ignore", Answer(j, "get").Body.GetProperty("configured").GetProperty("mismatch").GetString());
        Assert.Equal("[]", j.GetProperty("ignore").GetRawText());
        AssertSettings(j, "fail_on", "mismatch", "FailOnMismatch");
        Assert.Equal("Ignore", Answer(j, "fail_on").Body.GetProperty("configured").GetProperty("mismatch").GetString());
        // The next mismatching read on the same session fails with the Tee's error; an identical read still passes.
        Assert.StartsWith("ServerError/0x0000", j.GetProperty("diverged").GetString());
        Assert.Contains("Tee: the clusters answered differently", j.GetProperty("diverged").GetString());
        Assert.Equal("""["same"]""", j.GetProperty("same").GetRawText());
        AssertSettings(j, "back", "mismatch", "Ignore");
        Assert.Equal("[]", j.GetProperty("restored").GetRawText());
        AssertSettings(j, "secondary", "resultSource", "Secondary");
        Assert.Equal("""["secondary only"]""", j.GetProperty("from_secondary").GetRawText());
        AssertSettings(j, "primary", "resultSource", "Primary");
        Assert.Equal("[]", j.GetProperty("from_primary").GetRawText());
        AssertRefused(j, "bad_value", 400, "'mismatch'", "Ignore, LogOnMismatch, FailOnMismatch", "Sometimes");
        AssertRefused(j, "bad_key", 400, "'colour'", "resultSource, mismatch");
        AssertRefused(j, "not_string", 400, "'mismatch'", "expected a string");
        AssertRefused(j, "empty", 400, "at least one setting");
        AssertRefused(j, "not_json", 400, "JSON object");
        // All or nothing: a bad value leaves the good one in the same request unapplied.
        AssertRefused(j, "mixed", 400, "'mismatch'");
        AssertSettings(j, "after_mixed", "resultSource", "Primary");
        AssertRefused(j, "unknown_stage", 404, "nope");
        AssertRefused(j, "no_settings", 400, "QueryCounter", "no settings that can be switched");
        Assert.Equal("""["same"]""", j.GetProperty("last").GetRawText());
        Assert.Equal(1, bed.Stage<Tee>().MismatchCount);
    }

    [Fact]
    public async Task DualWrite_ReadsSwitchedToTheTargetAndBack()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "DualWrite", "target": "{secondary}"}]""", secondary: true);
        await using var admin = await bed.StartAdminAsync();
        var j = await bed.RunAsync("transforms_operations.py", "DualWriteSwitch", admin);
        Assert.Equal("[]", j.GetProperty("origin").GetRawText());
        AssertSettings(j, "to_target", "reads", "Target");
        Assert.Equal("""["target only"]""", j.GetProperty("target").GetRawText());
        AssertSettings(j, "to_origin", "reads", "Origin");
        Assert.Equal("[]", j.GetProperty("origin_again").GetRawText());
        AssertRefused(j, "bad_value", 400, "'reads'", "Origin, Target", "Both");
    }

    [Fact]
    public async Task WithAToken_SettingsNeedIt()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Tee", "upstream": "{secondary}"}]""", secondary: true);
        await using var admin = await bed.StartAdminAsync(token: "t0ken");
        using var http = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var body = new StringContent("""{"mismatch": "FailOnMismatch"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PutAsync("stages/Tee/settings", body)).StatusCode);
        Assert.Equal(TeeMismatch.Ignore, bed.Stage<Tee>().Mismatch);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t0ken");
        var answer = await http.PutAsync("stages/Tee/settings", body);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(TeeMismatch.FailOnMismatch, bed.Stage<Tee>().Mismatch);
    }

    [Fact]
    public async Task Cli_StagesSetAndSettings_TalkToTheAdminEndpoint()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Tee", "upstream": "{secondary}"}]""", secondary: true);
        await using var admin = await bed.StartAdminAsync(token: "t0ken");
        var tee = bed.Stage<Tee>();
        string url = admin.BaseAddress.ToString();
        Assert.Equal(0, await CommandLine.RunAsync(["stages", "set", "Tee", "mismatch=FailOnMismatch", "resultSource=Secondary", "--admin", url, "--token", "t0ken"]));
        Assert.Equal(new TeeSettings(TeeResultSource.Secondary, TeeMismatch.FailOnMismatch), tee.Settings);
        Assert.Equal(0, await CommandLine.RunAsync(["stages", "settings", "Tee", "--admin", url, "--token", "t0ken"]));
        Assert.Equal(1, await CommandLine.RunAsync(["stages", "set", "Tee", "mismatch=Nope", "--admin", url, "--token", "t0ken"]));
        Assert.Equal(1, await CommandLine.RunAsync(["stages", "set", "Tee", "mismatch=Ignore", "--admin", url, "--token", "wrong"]));
        Assert.Equal(2, await CommandLine.RunAsync(["stages", "set", "Tee", "mismatch", "--admin", url, "--token", "t0ken"]));
        Assert.Equal(TeeMismatch.FailOnMismatch, tee.Mismatch);
    }
}
