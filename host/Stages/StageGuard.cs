using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Runs one stage of one pipeline version under its policy: skips it when quarantined or not built,
/// charges its budget (its own work only: the time it spends in <c>next</c> is not charged), and turns an
/// exception or an overrun into the policy's answer. Built once per snapshot; nothing here is looked up per request.
/// </summary>
internal sealed class StageGuard
{
    private readonly StageNext _rest;
    private readonly StageNext _next;

    /// <param name="index">Position in the chain (0-based, at most 63).</param>
    /// <param name="runtime">The stage's long-lived state.</param>
    /// <param name="artifact">The build to run; null when the stage never built (requests follow the policy).</param>
    /// <param name="rest">The rest of the chain after this stage.</param>
    public StageGuard(int index, StageRuntime runtime, StageArtifact? artifact, StageNext rest)
    {
        Index = index;
        Runtime = runtime;
        Artifact = artifact;
        Budget = runtime.Definition.Timeout;
        BudgetTicks = (long)(Budget.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _rest = rest;
        _next = NextAsync;
        Invoke = InvokeAsync;
    }

    public int Index { get; }

    public StageRuntime Runtime { get; }

    public StageArtifact? Artifact { get; }

    public TimeSpan Budget { get; }

    /// <summary><see cref="Budget"/> in Stopwatch ticks (deadlines are computed per arm).</summary>
    public long BudgetTicks { get; }

    public string Name => Runtime.Name;

    /// <summary>This guard as the previous link's <c>next</c>.</summary>
    public StageNext Invoke { get; }

    private FailurePolicy Policy => Runtime.Definition.Failure;

    private ValueTask InvokeAsync(ICqlExchange exchange)
    {
        var ex = (PipelineExchange)exchange;
        var artifact = Artifact;
        if (artifact is null || artifact.Quarantined)
        {
            Runtime.CountBypass();
            if (Policy == FailurePolicy.Open) return _rest(ex);
            ex.Fail(Name, artifact is null ? "is not available (it did not compile)" : "is quarantined after repeated faults");
            return default;
        }
        return RunAsync(ex, artifact);
    }

    // One async method per stage call (timing, counting and the guarded call together): a request waiting upstream holds
    // one state machine per stage here, not two. Pooled: only host code awaits this (once); the ValueTask given to stage
    // code (NextAsync) is never pooled.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunAsync(PipelineExchange ex, StageArtifact artifact)
    {
        Runtime.CountInvocation();
        using var span = StartSpan(ex, artifact);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        bool modifiedBefore = ex.Request.IsModified;
        try
        {
            var budget = ex.Budget;
            ValueTask pending;
            budget.Arm(this, sync: true, start);
            try
            {
                pending = artifact.Stage.InvokeAsync(ex, _next);
            }
            catch (Exception e)
            {
                // Stalled in its synchronous call before throwing: the watchdog already answered the exchange.
                if (budget.LeaveSync(this)) return;
                budget.Disarm();
                if (!IsClientGone(ex, e)) await OnFaultAsync(ex, artifact, e).ConfigureAwait(false);
                return;
            }
            // Stalled in its synchronous call: the watchdog already answered the exchange. (Only then: an expiry
            // after the call returned leaves the request to this guard, which applies the policy below.)
            if (budget.LeaveSync(this)) return;
            if (pending.IsCompletedSuccessfully)
            {
                budget.Disarm();
                return;
            }
            var wait = budget.BeginWait(this, pending);
            bool stageFirst = wait is not null && await wait.Start().ConfigureAwait(false);
            budget.Disarm();
            if (stageFirst)
            {
                Exception? fault = null;
                try
                {
                    pending.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    fault = new OperationCanceledException("The stage's task was cancelled");
                }
                catch (Exception e)
                {
                    fault = e;
                }
                if (fault is not null && !IsClientGone(ex, fault)) await OnFaultAsync(ex, artifact, fault).ConfigureAwait(false);
                return;
            }
            // Overran: abandon the call (it may go on running; its late next is ignored). Its outcome is observed by
            // the wait; if the budget expired before the wait began, observe it here.
            if (wait is null) _ = pending.AsTask().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            bool quarantined = Runtime.RecordFault(artifact, timeout: true);
            Runtime.Log.LogStageTimeout(Name, Budget.TotalMilliseconds, Policy, quarantined);
            await ApplyPolicyAsync(ex, $"exceeded its {Budget.TotalMilliseconds:0} ms budget").ConfigureAwait(false);
        }
        finally
        {
            bool shortCircuit = !ex.HasPassed(Index) && ex.StageAnswered;
            bool mutated = !modifiedBefore && ex.Request.IsModified;
            Runtime.CountOutcome(System.Diagnostics.Stopwatch.GetTimestamp() - start, shortCircuit, mutated);
            span?.SetTag("stage.outcome", ex.Budget.IsAbandoned(Index) ? "fault" : shortCircuit ? "answered" : "next");
            if (mutated) span?.SetTag("stage.mutated", true);
        }
    }

    /// <summary>A <c>cql.stage</c> child of the exchange's request span (only while tracing is listened to).</summary>
    private System.Diagnostics.Activity? StartSpan(PipelineExchange ex, StageArtifact artifact)
    {
        if (ex.Trace is not { } parent) return null;
        var span = Operations.ProxyTracing.Source.StartActivity("cql.stage", System.Diagnostics.ActivityKind.Internal, parent.Context);
        if (span is null) return null;
        var request = ex.Request;
        span.SetTag("stage.name", Name);
        span.SetTag("stage.kind", Runtime.Definition.Kind.ToString());
        span.SetTag("stage.version", artifact.Version);
        span.SetTag("cql.opcode", request.Opcode.ToString().ToUpperInvariant());
        span.SetTag("cql.kind", request.Kind.ToString());
        if (request.Keyspace is { } keyspace) span.SetTag("cql.keyspace", keyspace);
        if (request.Table is { } table) span.SetTag("cql.table", table);
        return span;
    }

    /// <summary>
    /// A stage that stops with a cancellation because the client connection is closing (a held request whose
    /// <c>Aborted</c> fired, or a downstream write to a closed connection) did nothing wrong: there is nobody to
    /// answer, so it is neither a fault nor a reason to quarantine the stage.
    /// </summary>
    private static bool IsClientGone(PipelineExchange ex, Exception? e) =>
        ex.ConnectionClosing && (e is null || e is OperationCanceledException || e is ObjectDisposedException);

    private async ValueTask OnFaultAsync(PipelineExchange ex, StageArtifact artifact, Exception e)
    {
        ex.Budget.Abandon(Index);
        bool quarantined = Runtime.RecordFault(artifact, timeout: false, $"{e.GetType().Name}: {e.Message}");
        Runtime.Log.LogStageFault(e, Name, Policy, quarantined);
        await ApplyPolicyAsync(ex, $"failed ({e.GetType().Name})").ConfigureAwait(false);
    }

    private ValueTask ApplyPolicyAsync(PipelineExchange ex, string why)
    {
        if (Policy == FailurePolicy.Closed)
        {
            ex.Fail(Name, why);
            return default;
        }
        // Fail-open: as if the stage were absent. If it already passed the request on, the downstream
        // answer stands; otherwise forget anything it answered and continue down the chain.
        if (ex.HasPassed(Index)) return default;
        ex.ClearStageAnswer();
        return _rest(ex);
    }

    /// <summary>
    /// Hands an upstream EVENT to the stage when it is an <see cref="IEventStage"/> (see <see cref="PipelineSnapshot.EventGuards"/>).
    /// Returns the event to deliver (null = drop). A quarantined or unbuilt stage, or a fault, follows the policy:
    /// open delivers the event unchanged, closed drops it.
    /// </summary>
    public EventResponse? OnEvent(EventResponse received)
    {
        var artifact = Artifact;
        if (artifact is null || artifact.Quarantined || artifact.Stage is not IEventStage events)
        {
            Runtime.CountBypass();
            return Policy == FailurePolicy.Open ? received : null;
        }
        try
        {
            Runtime.CountInvocation();
            return events.OnEvent(received);
        }
        catch (Exception e)
        {
            bool quarantined = Runtime.RecordFault(artifact, timeout: false, $"{e.GetType().Name}: {e.Message}");
            Runtime.Log.LogStageFault(e, Name, Policy, quarantined);
            return Policy == FailurePolicy.Open ? received : null;
        }
    }

    /// <summary>The <c>next</c> this stage receives: pauses its budget while the rest of the chain runs.</summary>
    private async ValueTask NextAsync(ICqlExchange exchange)
    {
        if (exchange is not PipelineExchange ex) throw new InvalidOperationException("Pass the exchange you received to next");
        var budget = ex.Budget;
        // A runaway stage calling next after its budget expired is ignored: the guard owns the request then.
        // TryPass decides that atomically with the watchdog (see ExchangeBudget).
        if (ex.IsFinished || !budget.TryPass(this)) return;
        try
        {
            await _rest(ex).ConfigureAwait(false);
        }
        finally
        {
            budget.Arm(this, sync: false);
        }
    }
}
