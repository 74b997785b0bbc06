using System.Diagnostics;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The budget state of one exchange: at most one stage's budget runs at a time (the innermost stage doing its
/// own work; a stage waiting in <c>next</c> is not charged). The shared <see cref="BudgetWatchdog"/> sweeps it;
/// when the running budget's deadline has passed it either wakes the guard waiting for the stage (the stage
/// went async: the guard applies the policy) or, if the stage is still inside its synchronous call (a busy
/// loop the guard can never regain control from), answers the exchange itself with ServerError.
/// Every transition that decides who owns the request next (a stage passing it on, the watchdog expiring the
/// stage, the guard leaving the synchronous call) is made under one lock, so exactly one of them wins.
/// </summary>
internal sealed class ExchangeBudget
{
    private readonly PipelineExchange _exchange;
    private readonly BudgetWatchdog _watchdog;
    private StageGuard? _timed;
    private long _deadline;
    private ulong _inSync;
    private ulong _abandoned;
    // Stages whose overrun the watchdog answered while they were still in their synchronous call.
    private ulong _stalled;
    private bool _watched;
    // One slot per stage: nested stages can all be waiting at once (only the innermost is timed). The first stage's slot
    // is a field, so a one-stage chain allocates no array.
    private StageWait? _wait0;
    private StageWait?[]? _waits;

    /// <summary>The wait slot of the stage at <paramref name="index"/> (call under the lock).</summary>
    private ref StageWait? WaitSlot(int index)
    {
        if (index == 0) return ref _wait0;
        if (_waits is null || _waits.Length <= index) Array.Resize(ref _waits, index + 1);
        return ref _waits[index];
    }

    public ExchangeBudget(PipelineExchange exchange, BudgetWatchdog watchdog)
    {
        _exchange = exchange;
        _watchdog = watchdog;
    }

    /// <summary>The watchdog's list link (owned by <see cref="BudgetWatchdog"/>).</summary>
    internal ExchangeBudget? NextWatched;

    // The lock is this object: the type is internal and never handed to stage code, so nobody else locks it,
    // and an extra lock object per exchange is avoided.
    private object Gate => this;

    /// <summary>True once the stage at <paramref name="index"/> was abandoned; anything it does later is ignored.</summary>
    public bool IsAbandoned(int index) => (Volatile.Read(ref _abandoned) & (1UL << index)) != 0;

    /// <summary>True while <paramref name="guard"/> is the stage being timed (tests).</summary>
    internal bool IsTiming(StageGuard guard)
    {
        lock (Gate) return ReferenceEquals(_timed, guard);
    }

    /// <summary>True while <paramref name="guard"/>'s synchronous call is on the stack (tests).</summary>
    internal bool IsInSync(StageGuard guard) => (Volatile.Read(ref _inSync) & (1UL << guard.Index)) != 0;

    /// <summary>Marks a stage abandoned (after a fault) so a late <c>next</c> from it is ignored.</summary>
    public void Abandon(int index)
    {
        lock (Gate) _abandoned |= 1UL << index;
    }

    /// <summary>Starts <paramref name="guard"/>'s budget; <paramref name="sync"/> = its synchronous call is on the stack.</summary>
    public void Arm(StageGuard guard, bool sync) => Arm(guard, sync, Stopwatch.GetTimestamp());

    /// <summary>As <see cref="Arm(StageGuard, bool)"/>, from a clock reading (Stopwatch ticks) the caller already took.</summary>
    public void Arm(StageGuard guard, bool sync, long now)
    {
        long deadline = now + guard.BudgetTicks;
        bool watch;
        lock (Gate)
        {
            if ((_abandoned & (1UL << guard.Index)) != 0) return;
            _timed = guard;
            _deadline = deadline;
            if (sync) _inSync |= 1UL << guard.Index;
            watch = !_watched;
            _watched = true;
        }
        if (watch) _watchdog.Watch(this);
    }

    /// <summary>
    /// The stage's synchronous call returned (its budget keeps running if it went async). True when the
    /// watchdog already answered the exchange because the call overran while on the stack: the guard must stop.
    /// </summary>
    public bool LeaveSync(StageGuard guard)
    {
        ulong bit = 1UL << guard.Index;
        lock (Gate)
        {
            _inSync &= ~bit;
            return (_stalled & bit) != 0;
        }
    }

    /// <summary>
    /// <paramref name="guard"/>'s stage calls next: false if its budget already expired (the call is ignored;
    /// the guard is applying the policy). Otherwise records the pass and stops its budget, atomically with
    /// respect to the watchdog, so an expiry and a pass can never both take effect.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stage called next twice for one request.</exception>
    public bool TryPass(StageGuard guard)
    {
        lock (Gate)
        {
            if ((_abandoned & (1UL << guard.Index)) != 0) return false;
            if (!_exchange.MarkPassed(guard.Index)) throw new InvalidOperationException($"Stage '{guard.Name}' called next twice for one request");
            if (ReferenceEquals(_timed, guard)) _timed = null;
            return true;
        }
    }

    /// <summary>Stops the running budget (a stage finished, or the exchange did).</summary>
    public void Disarm()
    {
        lock (Gate) _timed = null;
    }

    /// <summary>
    /// The guard is about to wait for a stage that went async: returns the wait that settles when the stage
    /// completes or its budget expires (call <see cref="StageWait.Start"/>); null if it expired in between.
    /// </summary>
    public StageWait? BeginWait(StageGuard guard, ValueTask pending)
    {
        lock (Gate)
        {
            if ((_abandoned & (1UL << guard.Index)) != 0) return null;
            var wait = WaitSlot(guard.Index) ??= new StageWait();
            wait.Reset(pending);
            return wait;
        }
    }

    /// <summary>Called by the watchdog's sweep: expires the running budget if its deadline passed. False once the exchange finished (stop watching).</summary>
    internal bool Check(long now)
    {
        if (_exchange.IsFinished) return false;
        StageGuard? guard;
        bool sync;
        StageWait? wake = null;
        lock (Gate)
        {
            guard = _timed;
            if (guard is null || now < _deadline) return true;
            _timed = null;
            ulong bit = 1UL << guard.Index;
            _abandoned |= bit;
            sync = (_inSync & bit) != 0;
            if (sync)
            {
                // The stage's thread is stuck in its synchronous call: nobody up the chain can run again, so the
                // only safe answer is an error, whatever the policy. Answered inside the lock: the guard learns
                // "stalled" from LeaveSync under this lock and then ends the chain, which must find this answer
                // (answering after the lock let the chain finish first with no response, under overload).
                _stalled |= bit;
                _exchange.Fail(guard.Name, $"exceeded its {guard.Budget.TotalMilliseconds:0} ms budget");
            }
            wake = WaitSlot(guard.Index);
        }
        _exchange.CancelAborted();
        if (sync)
        {
            // The runaway call is left to finish; its late next is ignored.
            guard.Runtime.RecordFault(guard.Artifact!, timeout: true);
            guard.Runtime.Log.LogStageStalled(guard.Name, guard.Budget.TotalMilliseconds);
            _exchange.Finish();
            return false;
        }
        wake?.Expire();
        return true;
    }
}
