using System.Diagnostics;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Scripting.JavaScript;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Scripting.JavaScript;

[Collection(nameof(TimingSensitive))]
public sealed class JsStageTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Hooks_RewriteRequestAndRedactResponse()
    {
        _bed.Write("scripts/r.js", """
            function onRequest(exchange) {
              if (exchange.request.kind === 'Read') exchange.request.setQuery(exchange.request.query + ' /*js*/');
            }
            function onResponse(exchange) {
              const r = exchange.response;
              for (let i = 0; i < r.rowCount; i++) r.setCell(i, settings.column, r.getCell(i, settings.column).toUpperCase());
            }
            """);
        Assert.Empty(await _bed.StartAsync(StageBed.Script("scripts/r.js", settings: """{"column":"query"}""")));
        var ex = await _bed.RunAsync("select 1");
        Assert.Equal("SELECT 1 /*JS*/", ex.Response!.GetCell(0, "query"));
    }

    [Fact]
    public async Task Respond_ShortCircuitsTheUpstream()
    {
        _bed.Write("scripts/deny.js", """
            function onRequest(exchange) {
              if (exchange.request.kind === 'Write' && exchange.request.keyspace === settings.keyspace)
                exchange.respond('Unauthorized', 'read-only keyspace ' + settings.keyspace);
            }
            """);
        await _bed.StartAsync(StageBed.Script("scripts/deny.js", settings: """{"keyspace":"ks"}"""));
        var ex = await _bed.RunAsync(new TestRequest("INSERT INTO t (a) VALUES (1)", kind: StatementKind.Write));
        Assert.Equal(ErrorCode.Unauthorized, ex.Response!.ErrorCode);
        Assert.Equal("read-only keyspace ks", ex.Response.ErrorMessage);
        Assert.Equal(0, _bed.UpstreamCalls);
    }

    [Theory]
    [InlineData(FailurePolicy.Open)]
    [InlineData(FailurePolicy.Closed)]
    public async Task WhileTrue_StoppedAtTheTimeLimit_RequestAnswered(FailurePolicy policy)
    {
        _bed.Write("scripts/spin.js", "function onRequest(exchange) { while (true) {} }");
        // The stage budget is far above the JS limit: a Fault (not a Timeout) proves Jint stopped the loop itself.
        await _bed.StartAsync(new JsLimits(TimeSpan.FromMilliseconds(50), 0, 0), StageBed.Script("scripts/spin.js", policy, timeoutMs: 10_000));
        var clock = Stopwatch.StartNew();
        var ex = await _bed.RunAsync("SELECT 1");
        Assert.InRange(clock.ElapsedMilliseconds, 40, 8000);
        Assert.Equal(0, Assert.Single(_bed.Manager!.Status()).Timeouts);
        if (policy == FailurePolicy.Open) Assert.Equal("SELECT 1", ex.Response!.GetCell(0, "query"));
        else Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
        Assert.Equal(1, Assert.Single(_bed.Manager!.Status()).Faults);
        // The pool replaced the stopped engine: a later call works (and is not charged the earlier time).
        _bed.Write("scripts/spin.js", "function onRequest(exchange) { let n = 0; for (let i = 0; i < 1000; i++) n += i; }");
        await _bed.Manager.ReloadAsync();
        for (int i = 0; i < 3; i++) Assert.False((await _bed.RunAsync("SELECT 1")).Response!.IsError);
    }

    [Fact]
    public async Task WhileTrue_StoppedByStatementLimit()
    {
        _bed.Write("scripts/spin.js", "function onRequest(exchange) { while (true) {} }");
        // The time limit (20 s) and the budget (25 s) are far away: an answer well before them is the statement limit's.
        await _bed.StartAsync(new JsLimits(TimeSpan.FromSeconds(20), 10_000, 0), StageBed.Script("scripts/spin.js", FailurePolicy.Closed, timeoutMs: 25_000));
        var clock = Stopwatch.StartNew();
        var ex = await _bed.RunAsync("SELECT 1");
        Assert.True(clock.ElapsedMilliseconds < 10_000, $"{clock.ElapsedMilliseconds} ms");
        Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
    }

    [Fact]
    public async Task UnboundedAllocation_StoppedByTheMemoryLimit_ProcessAndStageSurvive()
    {
        _bed.Write("scripts/hog.js", """
            function onRequest(exchange) {
              if (exchange.request.query.indexOf('hog') < 0) return;
              const keep = [];
              while (true) keep.push(new Array(10000).fill('x'));
            }
            """);
        // Time and statement limits far away: only the 32 MiB memory limit can stop this loop.
        await _bed.StartAsync(new JsLimits(TimeSpan.FromSeconds(20), 0, 32 * 1024 * 1024),
            StageBed.Script("scripts/hog.js", FailurePolicy.Closed, timeoutMs: 25000, quarantineFaults: 0));
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var ex = await _bed.RunAsync("SELECT 'hog'");
        Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
        var status = Assert.Single(_bed.Manager!.Status());
        Assert.Equal(1, status.Faults);
        Assert.Contains("Memory", status.LastFault);
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 256L * 1024 * 1024, "the stopped script's memory was not released");
        // The same stage keeps serving ordinary requests.
        Assert.False((await _bed.RunAsync("SELECT 1")).Response!.IsError);
    }

    [Fact]
    public async Task SyntaxError_ReportsLineAndColumn()
    {
        _bed.Write("scripts/bad.js", "function onRequest(exchange) {\n  let x = ;\n}\n");
        var diagnostics = await _bed.StartAsync(StageBed.Script("scripts/bad.js"));
        var error = Assert.Single(diagnostics);
        Assert.Equal(("scripts/bad.js", 2), (error.File, error.Line));
        Assert.True(error.Column > 0);
        Assert.Equal(StageState.FailedCompile, Assert.Single(_bed.Manager!.Status()).State);
    }

    [Fact]
    public async Task NoHooks_IsAnError()
    {
        _bed.Write("scripts/none.js", "var a = 1;");
        var diagnostics = await _bed.StartAsync(StageBed.Script("scripts/none.js"));
        Assert.Contains(diagnostics, d => d.Id == "SP0102");
    }

    [Fact]
    public async Task ConcurrentCalls_UseSeparateEngines()
    {
        _bed.Write("scripts/count.js", "var calls = 0; function onRequest(exchange) { calls++; }");
        await _bed.StartAsync(StageBed.Script("scripts/count.js"));
        var all = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _bed.RunAsync(new TestRequest("q" + i, (short)i))));
        Assert.All(all, ex => Assert.False(ex.Response!.IsError));
        Assert.Equal(0, Assert.Single(_bed.Manager!.Status()).Faults);
    }
}
