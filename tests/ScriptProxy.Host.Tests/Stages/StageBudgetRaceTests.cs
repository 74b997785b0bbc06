using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>
/// Regression tests for issue #10's "(pipeline) ended without a response" under overload. Budgets are driven by
/// a manual <see cref="BudgetWatchdog"/>: the test decides exactly when the watchdog sweeps (with a clock far
/// past every deadline), so each interleaving between a stage passing the request on, the budget expiring, the
/// fail-open path and the upstream is reproduced deterministically, with no timing assumptions.
/// Old interleaving (the bug): the stage's continuation called next and marked the pass; the per-exchange timer
/// fired before next disarmed it; the guard, woken by the expiry, saw "already passed" and returned while the
/// request was still upstream; the chain finished with no response, and the upstream's answer was dropped.
/// </summary>
public sealed class StageBudgetRaceTests : IDisposable
{
    private readonly BudgetWatchdog _watchdog = new(period: null);
    private int _upstreamCalls;

    public void Dispose() => _watchdog.Dispose();

    /// <summary>A stage whose every step is released by the test.</summary>
    private sealed class GatedStage : IStage
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Action<ICqlExchange>? AfterRelease { get; init; }
        public bool CallNext { get; init; } = true;

        public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            try
            {
                Entered.TrySetResult();
                await Release.Task;
                AfterRelease?.Invoke(exchange);
                if (CallNext) await next(exchange);
            }
            finally
            {
                Done.TrySetResult();
            }
        }
    }

    /// <summary>A stage whose synchronous call does not return until released (a busy loop, bounded by the test).</summary>
    private sealed class SpinningStage : IStage
    {
        public volatile bool Entered;
        public volatile bool Release;
        public ValueTask? LateNext;

        public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            Entered = true;
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!Release && DateTime.UtcNow < until) Thread.Yield();
            LateNext = next(exchange);
            return LateNext.Value;
        }
    }

    private (PipelineSnapshot Snapshot, StageRuntime Runtime) Compose(IStage stage, FailurePolicy policy)
    {
        var definition = new StageDefinition { Kind = StageKind.Builtin, Source = "gated", Failure = policy, Timeout = TimeSpan.FromMilliseconds(100) };
        var runtime = new StageRuntime(definition, NullLogger.Instance);
        var snapshot = PipelineComposer.Compose(1, [(runtime, new StageArtifact(stage, 1, "fp", null))], _watchdog);
        return (snapshot, runtime);
    }

    private ValueTask Upstream(PipelineExchange exchange)
    {
        Interlocked.Increment(ref _upstreamCalls);
        var request = exchange.Request;
        exchange.SetUpstreamResponse(StageReply.Rows(request.Version, request.Stream, [StageBed.EchoColumn], [[request.Query]]));
        return default;
    }

    private static PipelineExchange Start(PipelineSnapshot snapshot, Func<PipelineExchange, ValueTask> upstream)
    {
        var exchange = new PipelineExchange(new TestRequest("SELECT 1"), "127.0.0.1:1", upstream, CancellationToken.None);
        Assert.True(snapshot.TryAcquire());
        exchange.Snapshot = snapshot;
        _ = Task.Run(() => snapshot.RunAsync(exchange));
        return exchange;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 20 s");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task StagePassedThenWatchdogSweeps_UpstreamAnswerStands()
    {
        var stage = new GatedStage();
        var (snapshot, runtime) = Compose(stage, FailurePolicy.Open);
        var upstreamEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exchange = Start(snapshot, async e =>
        {
            upstreamEntered.TrySetResult();
            await upstreamRelease.Task;
            await Upstream(e);
        });
        await stage.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        stage.Release.TrySetResult();
        await upstreamEntered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // The request is upstream: a (late) sweep far past the stage's deadline must not end the exchange.
        _watchdog.Sweep(long.MaxValue);
        Assert.False(exchange.IsFinished);
        upstreamRelease.TrySetResult();
        var done = await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(done.Response!.IsError, done.Response.ErrorMessage);
        Assert.Equal("SELECT 1", done.Response.GetCell(0, "query"));
        Assert.Equal(1, _upstreamCalls);
        Assert.Equal(0, runtime.Status().Timeouts);
    }

    [Theory]
    [InlineData(FailurePolicy.Open)]
    [InlineData(FailurePolicy.Closed)]
    public async Task ExpiryBeforeNext_PolicyAppliesOnceAndLateNextIsIgnored(FailurePolicy policy)
    {
        var stage = new GatedStage();
        var (snapshot, runtime) = Compose(stage, policy);
        var exchange = Start(snapshot, Upstream);
        await stage.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // The stage's synchronous call returned (it awaits the gate): an expiry now is the guard's to handle.
        await WaitUntil(() => !exchange.Budget.IsInSync(snapshot.Guards[0]));
        _watchdog.Sweep(long.MaxValue);
        var done = await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        // The runaway stage now calls next: it must be ignored (no second upstream call, no second answer).
        stage.Release.TrySetResult();
        await stage.Done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(done.Response);
        if (policy == FailurePolicy.Open)
        {
            Assert.False(done.Response.IsError, done.Response.ErrorMessage);
            Assert.Equal(1, _upstreamCalls);
        }
        else
        {
            Assert.Equal(ErrorCode.ServerError, done.Response.ErrorCode);
            Assert.Contains("budget", done.Response.ErrorMessage);
            Assert.Equal(0, _upstreamCalls);
        }
        Assert.Equal(1, runtime.Status().Timeouts);
    }

    [Fact]
    public async Task StalledInSynchronousCall_WatchdogAnswersOnce_LateNextIgnored()
    {
        var stage = new SpinningStage();
        var (snapshot, runtime) = Compose(stage, FailurePolicy.Open);
        var exchange = Start(snapshot, Upstream);
        await WaitUntil(() => stage.Entered);
        _watchdog.Sweep(long.MaxValue);
        var done = await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ErrorCode.ServerError, done.Response!.ErrorCode);
        Assert.Contains("budget", done.Response.ErrorMessage);
        var answer = done.Response;
        stage.Release = true;
        await WaitUntil(() => stage.LateNext is not null);
        await stage.LateNext!.Value;
        Assert.Equal(0, _upstreamCalls);
        Assert.Same(answer, exchange.Response);
        Assert.Equal(1, runtime.Status().Timeouts);
    }

    [Fact]
    public async Task RunawayAnswerAfterFinish_DoesNotReplaceTheFinalResponse()
    {
        var stage = new GatedStage { CallNext = false, AfterRelease = e => e.Respond(ErrorCode.Overloaded, "late") };
        var (snapshot, _) = Compose(stage, FailurePolicy.Open);
        var exchange = Start(snapshot, Upstream);
        await stage.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await WaitUntil(() => !exchange.Budget.IsInSync(snapshot.Guards[0]));
        _watchdog.Sweep(long.MaxValue);
        var done = await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        var final = done.Response;
        stage.Release.TrySetResult();
        await stage.Done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Same(final, exchange.Response);
        Assert.False(exchange.Response!.IsError);
        Assert.Equal(1, _upstreamCalls);
    }

    [Theory]
    [InlineData(FailurePolicy.Open)]
    [InlineData(FailurePolicy.Closed)]
    public async Task UpstreamFails_AnsweredServerError_NotBlamedOnTheStage(FailurePolicy policy)
    {
        // Was: the upstream's exception surfaced from next, the guard counted a stage fault and, fail-open with
        // the stage already passed, returned with no response: "(pipeline) ended without a response".
        var stage = new GatedStage();
        var (snapshot, runtime) = Compose(stage, policy);
        stage.Release.TrySetResult();
        var exchange = Start(snapshot, async _ =>
        {
            await Task.Yield();
            throw new OperationCanceledException("connection closing");
        });
        var done = await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ErrorCode.ServerError, done.Response!.ErrorCode);
        Assert.Contains("upstream", done.Response.ErrorMessage);
        Assert.DoesNotContain("(pipeline)", done.Response.ErrorMessage);
        Assert.Equal(0, runtime.Status().Faults);
    }

    [Fact]
    public async Task FinishedExchanges_LeaveTheWatchdog()
    {
        var stage = new GatedStage();
        var (snapshot, _) = Compose(stage, FailurePolicy.Open);
        stage.Release.TrySetResult();
        var exchange = Start(snapshot, Upstream);
        await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, _watchdog.Watched);
        _watchdog.Sweep(long.MaxValue);
        Assert.Equal(0, _watchdog.Watched);
    }
}
