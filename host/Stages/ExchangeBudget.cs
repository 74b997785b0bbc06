namespace ScriptProxy.Host.Stages;

/// <summary>
/// The watchdog of one exchange: at most one stage's budget runs at a time (the innermost stage doing its
/// own work; a stage waiting in <c>next</c> is not charged). When the budget expires the timer either wakes
/// the guard waiting for the stage (the stage went async: the guard applies the policy) or, if the stage is
/// still inside its synchronous call (a busy loop the guard can never regain control from), answers the
/// exchange itself with ServerError. Created on the first stage call of an exchange; one timer per exchange.
/// </summary>
internal sealed class ExchangeBudget : IDisposable
{
    private readonly PipelineExchange _exchange;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private StageGuard? _timed;
    private ulong _inSync;
    private ulong _abandoned;
    // One slot per stage: nested stages can all be waiting at once (only the innermost is timed).
    private TaskCompletionSource?[]? _wakes;

    public ExchangeBudget(PipelineExchange exchange)
    {
        _exchange = exchange;
        // The timer holds a weak-ish path back through the callback state only; disposed with the exchange.
        _timer = new Timer(static s => ((ExchangeBudget)s!).OnExpired(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>True once the stage at <paramref name="index"/> was abandoned; anything it does later is ignored.</summary>
    public bool IsAbandoned(int index) => (Volatile.Read(ref _abandoned) & (1UL << index)) != 0;

    /// <summary>Marks a stage abandoned (after a fault) so a late <c>next</c> from it is ignored.</summary>
    public void Abandon(int index)
    {
        lock (_gate) _abandoned |= 1UL << index;
    }

    /// <summary>Starts <paramref name="guard"/>'s budget; <paramref name="sync"/> = its synchronous call is on the stack.</summary>
    public void Arm(StageGuard guard, bool sync)
    {
        lock (_gate)
        {
            if ((_abandoned & (1UL << guard.Index)) != 0) return;
            _timed = guard;
            if (sync) _inSync |= 1UL << guard.Index;
        }
        _timer.Change(guard.Budget, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The stage's synchronous call returned (its budget keeps running if it went async).</summary>
    public void LeaveSync(StageGuard guard)
    {
        lock (_gate) _inSync &= ~(1UL << guard.Index);
    }

    /// <summary>Stops the running budget (a stage called next, or finished).</summary>
    public void Disarm()
    {
        lock (_gate) _timed = null;
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>
    /// The guard is about to wait for a stage that went async: returns a task that completes if the budget
    /// expires first (already completed if it expired in between).
    /// </summary>
    public Task WaitForExpiry(StageGuard guard)
    {
        lock (_gate)
        {
            if ((_abandoned & (1UL << guard.Index)) != 0) return Task.CompletedTask;
            if (_wakes is null || _wakes.Length <= guard.Index) Array.Resize(ref _wakes, guard.Index + 1);
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _wakes[guard.Index] = wake;
            return wake.Task;
        }
    }

    private void OnExpired()
    {
        StageGuard? guard;
        bool sync;
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            guard = _timed;
            if (guard is null) return; // disarmed while the timer was firing
            _timed = null;
            ulong bit = 1UL << guard.Index;
            _abandoned |= bit;
            sync = (_inSync & bit) != 0;
            if (_wakes is not null && _wakes.Length > guard.Index)
            {
                wake = _wakes[guard.Index];
                _wakes[guard.Index] = null;
            }
        }
        _exchange.CancelAborted();
        if (sync)
        {
            // The stage's thread is stuck in its synchronous call: nobody up the chain can run again, so the
            // only safe answer is an error, whatever the policy. The runaway call is left to finish.
            guard.Runtime.RecordFault(guard.Artifact!, timeout: true);
            guard.Runtime.Log.LogStageStalled(guard.Name, guard.Budget.TotalMilliseconds);
            _exchange.Fail(guard.Name, $"exceeded its {guard.Budget.TotalMilliseconds:0} ms budget");
            _exchange.Finish();
        }
        else
        {
            wake?.TrySetResult();
        }
    }

    public void Dispose() => _timer.Dispose();
}
