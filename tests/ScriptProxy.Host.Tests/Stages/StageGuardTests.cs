using System.Diagnostics;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>Fault containment: policies, budgets and quarantine, with real compiled C# stages.</summary>
[Collection(nameof(TimingSensitive))]
public sealed class StageGuardTests : IDisposable
{
    private const string Thrower = """
        async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            if (exchange.Request.Query.Contains("boom")) throw new InvalidOperationException("boom");
            await next(exchange);
        }
        """;

    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Throw_FailOpen_ContinuesToUpstream()
    {
        _bed.Write("scripts/t.csx", Thrower);
        await _bed.StartAsync(StageBed.Script("scripts/t.csx", FailurePolicy.Open));
        var ex = await _bed.RunAsync("SELECT boom");
        Assert.False(ex.Response!.IsError);
        Assert.Equal("SELECT boom", ex.Response.GetCell(0, "query"));
        Assert.Equal(1, Assert.Single(_bed.Manager!.Status()).Faults);
    }

    [Fact]
    public async Task Throw_FailClosed_AnswersServerErrorWithoutUpstream()
    {
        _bed.Write("scripts/t.csx", Thrower);
        await _bed.StartAsync(StageBed.Script("scripts/t.csx", FailurePolicy.Closed));
        var ex = await _bed.RunAsync("SELECT boom");
        Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
        Assert.Contains("scripts/t.csx", ex.Response.ErrorMessage);
        Assert.Equal(0, _bed.UpstreamCalls);
    }

    [Fact]
    public async Task Throw_AfterNext_FailOpenKeepsUpstreamAnswerAndCallsUpstreamOnce()
    {
        _bed.Write("scripts/t.csx", """
            async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                await next(exchange);
                throw new InvalidOperationException("after");
            }
            """);
        await _bed.StartAsync(StageBed.Script("scripts/t.csx", FailurePolicy.Open));
        var ex = await _bed.RunAsync("SELECT 1");
        Assert.Equal("SELECT 1", ex.Response!.GetCell(0, "query"));
        Assert.Equal(1, _bed.UpstreamCalls);
    }

    [Theory]
    [InlineData(FailurePolicy.Open)]
    [InlineData(FailurePolicy.Closed)]
    public async Task Throw_NTimesInWindow_Quarantines(FailurePolicy policy)
    {
        _bed.Write("scripts/t.csx", Thrower);
        await _bed.StartAsync(StageBed.Script("scripts/t.csx", policy, quarantineFaults: 3));
        for (int i = 0; i < 3; i++) await _bed.RunAsync("boom");
        var status = Assert.Single(_bed.Manager!.Status());
        Assert.Equal(StageState.Quarantined, status.State);
        Assert.Equal(3, status.Invocations);
        // Quarantined: not invoked any more; the request follows the policy.
        var ex = await _bed.RunAsync("SELECT fine");
        Assert.Equal(3, Assert.Single(_bed.Manager.Status()).Invocations);
        if (policy == FailurePolicy.Open) Assert.Equal("SELECT fine", ex.Response!.GetCell(0, "query"));
        else Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
        // A new version of the file lifts the quarantine.
        _bed.Write("scripts/t.csx", Thrower + "\n// fixed\n");
        await _bed.Manager.ReloadAsync();
        Assert.Equal(StageState.Active, Assert.Single(_bed.Manager.Status()).State);
        Assert.False((await _bed.RunAsync("SELECT fine")).Response!.IsError);
    }

    [Theory]
    [InlineData(FailurePolicy.Open)]
    [InlineData(FailurePolicy.Closed)]
    public async Task AsyncOverrun_AnsweredAtBudgetPerPolicy(FailurePolicy policy)
    {
        _bed.Write("scripts/slow.csx", """
            async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                await Task.Delay(10_000, exchange.Aborted);
                await next(exchange);
            }
            """);
        await _bed.StartAsync(StageBed.Script("scripts/slow.csx", policy, timeoutMs: 100));
        var clock = Stopwatch.StartNew();
        var ex = await _bed.RunAsync("SELECT 1");
        // Far below the script's own 10 s: answered at the budget, with room for a stalled thread on a loaded machine.
        Assert.InRange(clock.ElapsedMilliseconds, 90, 5000);
        if (policy == FailurePolicy.Open) Assert.Equal("SELECT 1", ex.Response!.GetCell(0, "query"));
        else Assert.Contains("budget", ex.Response!.ErrorMessage);
        Assert.Equal(1, Assert.Single(_bed.Manager!.Status()).Timeouts);
    }

    [Fact]
    public async Task SyncBusyLoop_AnsweredServerErrorAtBudget()
    {
        // A loop that never yields cannot be preempted: the watchdog answers, the loop runs on (bounded here to spare the CPU).
        _bed.Write("scripts/spin.csx", """
            ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.ElapsedMilliseconds < 3000) { }
                return next(exchange);
            }
            """);
        await _bed.StartAsync(StageBed.Script("scripts/spin.csx", FailurePolicy.Open, timeoutMs: 100));
        var clock = Stopwatch.StartNew();
        var ex = await _bed.RunAsync("SELECT 1");
        // Below the loop's 3 s (so the watchdog answered, not the loop ending), with room for a stalled thread.
        Assert.InRange(clock.ElapsedMilliseconds, 90, 2500);
        Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
        Assert.Contains("budget", ex.Response.ErrorMessage);
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, 3600 - clock.ElapsedMilliseconds)));
        // The runaway call's late next() was ignored: the upstream never saw the request.
        Assert.Equal(0, _bed.UpstreamCalls);
    }

    [Fact]
    public async Task TimeDownstream_IsNotCharged()
    {
        _bed.Write("scripts/pass.csx", "async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => await next(exchange);");
        // A budget a first (JIT-compiling) call on a loaded machine keeps, and a downstream three times longer.
        await _bed.StartAsync(StageBed.Script("scripts/pass.csx", FailurePolicy.Closed, timeoutMs: 1000));
        var ex = await _bed.RunAsync(new TestRequest("SELECT 1"), async e =>
        {
            await Task.Delay(3000);
            await _bed.Upstream(e);
        });
        Assert.False(ex.Response!.IsError);
        Assert.Equal(0, Assert.Single(_bed.Manager!.Status()).Timeouts);
    }

    [Fact]
    public async Task NeitherNextNorRespond_AnswersServerError()
    {
        _bed.Write("scripts/drop.csx", "ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => ValueTask.CompletedTask;");
        await _bed.StartAsync(StageBed.Script("scripts/drop.csx"));
        var ex = await _bed.RunAsync("SELECT 1");
        Assert.Equal(ErrorCode.ServerError, ex.Response!.ErrorCode);
    }
}
