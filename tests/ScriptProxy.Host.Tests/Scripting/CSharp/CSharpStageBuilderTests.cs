using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Scripting.CSharp;

[Collection(MeasurementCollection.Name)]
public sealed class CSharpStageBuilderTests : IDisposable
{
    private const string Tagger = """
        async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            exchange.Request.SetQuery(exchange.Request.Query + " /*TAG*/");
            await next(exchange);
        }
        """;

    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static string Echo(PipelineExchange ex) => (string)ex.Response!.GetCell(0, "query")!;

    [Fact]
    public async Task Build_TopLevelMethod_RunsAndRewritesTheRequest()
    {
        _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v1"));
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/tag.csx")));
        var ex = await _bed.RunAsync("SELECT * FROM t");
        Assert.Equal("SELECT * FROM t /*v1*/", Echo(ex));
        var status = Assert.Single(_bed.Manager!.Status());
        Assert.Equal(StageState.Active, status.State);
        Assert.Equal(StageKind.CSharp, status.Kind);
        Assert.Equal(1, status.LiveVersion);
        Assert.Equal(1, status.Invocations);
    }

    [Fact]
    public async Task Build_ReturnsIStage_WithGlobalsSettingsAndShortCircuit()
    {
        _bed.Write("scripts/deny.csx", """
            string keyspace = Setting("keyspace");
            class Deny(string keyspace) : IStage
            {
                public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
                {
                    if (exchange.Request.Kind == StatementKind.Write && exchange.Request.Keyspace == keyspace)
                    {
                        exchange.Respond(ErrorCode.Unauthorized, "writes to " + keyspace + " are denied");
                        return ValueTask.CompletedTask;
                    }
                    return next(exchange);
                }
            }
            return new Deny(keyspace);
            """);
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/deny.csx", settings: """{"keyspace":"ks"}""")));
        var denied = await _bed.RunAsync(new TestRequest("INSERT INTO t (a) VALUES (1)", kind: Abstractions.Stages.StatementKind.Write));
        Assert.Equal(ErrorCode.Unauthorized, denied.Response!.ErrorCode);
        Assert.Equal("writes to ks are denied", denied.Response.ErrorMessage);
        var read = await _bed.RunAsync("SELECT 1");
        Assert.False(read.Response!.IsError);
        Assert.Equal(1, _bed.UpstreamCalls);
    }

    [Fact]
    public async Task Reload_CompileError_KeepsOldVersionAndReportsFileLineColumn()
    {
        _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v1"));
        await _bed.StartAsync(StageBed.Script("scripts/tag.csx"));
        _bed.Write("scripts/tag.csx", "async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)\n{\n    int x = 1\n    await next(exchange);\n}\n");
        var diagnostics = await _bed.Manager!.ReloadAsync();
        var error = Assert.Single(diagnostics, d => d.Severity == "error");
        Assert.Equal("scripts/tag.csx", error.File);
        Assert.StartsWith("scripts/tag.csx:3:14: error CS1002", error.ToString());
        Assert.Equal((3, 14), (error.Line, error.Column));
        // Still version 1, still answering with its behaviour, diagnostics kept for the admin API.
        var status = Assert.Single(_bed.Manager.Status());
        Assert.Equal(1, status.LiveVersion);
        Assert.Equal(StageState.Active, status.State);
        Assert.Contains(status.Diagnostics, d => d.Id == "CS1002");
        Assert.Equal("SELECT 1 /*v1*/", Echo(await _bed.RunAsync("SELECT 1")));
        // Fixing the file makes it live again.
        _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v3"));
        Assert.Empty(await _bed.Manager.ReloadAsync());
        Assert.Equal("SELECT 1 /*v3*/", Echo(await _bed.RunAsync("SELECT 1")));
        Assert.Empty(Assert.Single(_bed.Manager.Status()).Diagnostics);
    }

    [Fact]
    public async Task Build_NoInvokeAndNoStage_IsAnError()
    {
        _bed.Write("scripts/empty.csx", "var x = 1;");
        var diagnostics = await _bed.StartAsync(StageBed.Script("scripts/empty.csx"));
        Assert.Contains(diagnostics, d => d.Id == "SP0002");
        Assert.Equal(StageState.FailedCompile, Assert.Single(_bed.Manager!.Status()).State);
        // Fail-open: the chain still answers, through the upstream.
        Assert.Equal("SELECT 1", Echo(await _bed.RunAsync("SELECT 1")));
    }

    [Fact]
    public async Task Reload_500Times_UnloadsEveryOldContext()
    {
        _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v0"));
        await _bed.StartAsync(StageBed.Script("scripts/tag.csx"));
        var contexts = new List<WeakReference>();
        await _bed.RunAsync("warm");
        long before = MeasureHeap();
        for (int i = 1; i <= 500; i++)
        {
            contexts.Add(_bed.Manager!.LiveArtifacts.Single()!.LoadContext!);
            _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v" + i));
            Assert.Empty(await _bed.Manager.ReloadAsync());
        }
        Assert.Equal("q /*v500*/", Echo(await _bed.RunAsync("q")));
        int alive = await CollectUntilUnloadedAsync(contexts, allowedAlive: 1);
        long after = MeasureHeap();
        Assert.True(alive <= 1, $"{alive} of 500 retired script contexts are still alive");
        // Flat memory: 500 reloads leave less than 10 MB behind (plain CSharpScript would leak ~13 MB of heap and 50 MB of working set).
        Assert.True(after - before < 10 * 1024 * 1024, $"heap grew by {(after - before) / 1024} KB over 500 reloads");
    }

    /// <summary>
    /// Collects until at most <paramref name="allowedAlive"/> of <paramref name="contexts"/> are alive, for up to 20 s:
    /// a retired version is released when its last in-flight request finishes (on the thread pool) and a load context
    /// takes more than one collection to go, so on a loaded machine one round of GC is not the end of the story.
    /// Returns how many are still alive.
    /// </summary>
    internal static async Task<int> CollectUntilUnloadedAsync(IReadOnlyCollection<WeakReference> contexts, int allowedAlive = 0)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            MeasureHeap();
            int alive = contexts.Count(c => c.IsAlive);
            if (alive <= allowedAlive || DateTime.UtcNow > deadline) return alive;
            await Task.Delay(100);
        }
    }

    internal static long MeasureHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
