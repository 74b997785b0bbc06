using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>Builtins from transforms/ configured inline in proxy.json, built and run by the stage runtime.</summary>
public sealed class BuiltinStageBuilderTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private ProxyConfig Parse(string json) => ConfigLoader.Parse(json, Path.Combine(_bed.Root, "proxy.json"));

    [Fact]
    public async Task QueryTypeFilter_InlineSettings_DeniesWrites()
    {
        var config = Parse("""{ "stages": [ { "builtin": "QueryTypeFilter", "deny": ["Write"], "failure": "closed", "timeoutMs": 500 } ] }""");
        var definition = Assert.Single(config.Stages);
        Assert.Equal((FailurePolicy.Closed, TimeSpan.FromMilliseconds(500)), (definition.Failure, definition.Timeout));
        using var host = new StageHost(config, NullLoggerFactory.Instance);
        await host.StartAsync();
        var manager = host.Manager;
        var bed = new PipelineExchange(new TestRequest("INSERT INTO ks.t (a) VALUES (1)", kind: StatementKind.Write), "c", _bed.Upstream, CancellationToken.None);
        var snapshot = manager.Store.Current;
        Assert.True(snapshot.TryAcquire());
        bed.Snapshot = snapshot;
        await snapshot.RunAsync(bed);
        Assert.Equal(ErrorCode.Unauthorized, bed.Response!.ErrorCode);
        Assert.Equal(0, _bed.UpstreamCalls);
    }

    [Fact]
    public async Task BadTransformSetting_StopsStartUp_NamingFileAndKey()
    {
        var config = Parse("""{ "stages": [ { "builtin": "Passthrough" }, { "builtin": "QueryTypeFilter", "deny": ["Wrte"] } ] }""");
        using var host = new StageHost(config, NullLoggerFactory.Instance);
        var e = await Assert.ThrowsAsync<ConfigException>(host.StartAsync);
        Assert.Contains("'stages[1].deny[0]'", e.Message);
        Assert.Contains("proxy.json", e.Message);
    }

    [Fact]
    public void UnknownBuiltin_IsAConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("""{ "stages": [ { "builtin": "Nope" } ] }"""));
        Assert.Equal("stages[0].builtin", e.Key);
        Assert.Contains("QueryTypeFilter", e.Message);
    }
}
