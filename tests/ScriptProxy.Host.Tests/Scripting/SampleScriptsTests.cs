using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Scripting;

/// <summary>The shipped samples in scripts/ compile and do what their comments say.</summary>
public sealed class SampleScriptsTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private void CopySample(string name)
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ScriptProxy.sln"))) dir = Path.GetDirectoryName(dir)!;
        _bed.Write("scripts/" + name, File.ReadAllText(Path.Combine(dir, "scripts", name)));
    }

    [Fact]
    public async Task DenyWrites_DeniesWritesToTheKeyspaceOnly()
    {
        CopySample("deny-writes.csx");
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/deny-writes.csx", FailurePolicy.Closed, settings: """{"keyspace":"billing"}""")));
        var denied = await _bed.RunAsync(new TestRequest("INSERT INTO billing.t (a) VALUES (1)", kind: StatementKind.Write, keyspace: "billing"));
        Assert.Equal(ErrorCode.Unauthorized, denied.Response!.ErrorCode);
        Assert.False((await _bed.RunAsync(new TestRequest("INSERT INTO other.t (a) VALUES (1)", kind: StatementKind.Write, keyspace: "other"))).Response!.IsError);
        Assert.False((await _bed.RunAsync(new TestRequest("SELECT * FROM billing.t", keyspace: "billing"))).Response!.IsError);
    }

    [Theory]
    [InlineData("SELECT * FROM app.users WHERE id = 1", "SELECT * FROM app_v2.users WHERE id = 1")]
    [InlineData("INSERT INTO \"app\".users (id) VALUES (1)", "INSERT INTO app_v2.users (id) VALUES (1)")]
    [InlineData("SELECT * FROM myapp.users", "SELECT * FROM myapp.users")]
    [InlineData("SELECT app FROM t", "SELECT app FROM t")]
    [InlineData("USE app", "USE app_v2")]
    public async Task RewriteKeyspace_RewritesQualifiedNames(string query, string expected)
    {
        CopySample("rewrite-keyspace.csx");
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/rewrite-keyspace.csx", settings: """{"from":"app","to":"app_v2"}""")));
        Assert.Equal(expected, (await _bed.RunAsync(query)).Response!.GetCell(0, "query"));
    }

    [Fact]
    public async Task SlowQueries_CompilesAndPassesThrough()
    {
        CopySample("slow-queries.csx");
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/slow-queries.csx", settings: """{"thresholdMs":0}""")));
        Assert.Equal("SELECT 1", (await _bed.RunAsync("SELECT 1")).Response!.GetCell(0, "query"));
        Assert.Equal(0, Assert.Single(_bed.Manager!.Status()).Faults);
    }

    [Fact]
    public async Task Redact_MasksConfiguredColumns()
    {
        CopySample("redact.js");
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/redact.js", settings: """{"columns":["query"],"mask":"xxx"}""")));
        Assert.Equal("xxx", (await _bed.RunAsync("SELECT secret")).Response!.GetCell(0, "query"));
        Assert.Equal(0, Assert.Single(_bed.Manager!.Status()).Faults);
    }
}
