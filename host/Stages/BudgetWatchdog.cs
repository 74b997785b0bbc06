using System.Diagnostics;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// One timer for every stage budget in the process: exchanges that armed a budget are kept on an intrusive
/// lock-free list (the <see cref="ExchangeBudget"/> is its own node, so watching allocates nothing), and a
/// periodic sweep asks each one whether its current deadline has passed. This replaces a
/// <see cref="Timer"/> per exchange (an allocation with a finalizer, plus a timer-queue lock on every arm and
/// disarm) and, because expiry is decided against the deadline of the arm that is current at sweep time, a
/// late timer callback can never be blamed on a stage that was armed after it was due. Budgets are enforced
/// to within one <see cref="Period"/>. The sweep runs on its own background thread, not a thread-pool timer:
/// the exchanges it must rescue are those whose stage is stuck in a synchronous loop on a pool thread, and a few
/// of those starve the pool (a pool timer then fires a second late, seen on a loaded 2-core machine). The thread
/// sleeps on an event while nothing is watched.
/// </summary>
internal sealed class BudgetWatchdog : IDisposable
{
    private readonly AutoResetEvent? _wake;
    private ExchangeBudget? _head;
    private int _ticking;
    private volatile bool _disposed;

    /// <param name="period">Sweep interval; null for a manual watchdog that only sweeps when <see cref="Sweep(long)"/> is called (tests).</param>
    public BudgetWatchdog(TimeSpan? period)
    {
        Period = period ?? Timeout.InfiniteTimeSpan;
        if (period is null) return;
        _wake = new AutoResetEvent(false);
        new Thread(static s => ((BudgetWatchdog)s!).Run()) { IsBackground = true, Name = "ScriptProxy budget watchdog" }.Start(this);
    }

    /// <summary>The process-wide watchdog: 5 ms granularity against budgets of tens to hundreds of milliseconds.</summary>
    public static BudgetWatchdog Shared { get; } = new(TimeSpan.FromMilliseconds(5));

    public TimeSpan Period { get; }

    /// <summary>Budgets currently on the list (walks it; for tests and diagnostics).</summary>
    public int Watched
    {
        get
        {
            int count = 0;
            for (var node = Volatile.Read(ref _head); node is not null; node = node.NextWatched) count++;
            return count;
        }
    }

    /// <summary>Adds <paramref name="budget"/> to the list (once per exchange; it leaves when its exchange finished).</summary>
    public void Watch(ExchangeBudget budget)
    {
        Push(budget, budget);
        if (_wake is not null && Volatile.Read(ref _ticking) == 0 && Interlocked.CompareExchange(ref _ticking, 1, 0) == 0)
            _wake.Set();
    }

    /// <summary>Checks every watched budget against the clock now.</summary>
    public void Sweep() => Sweep(Stopwatch.GetTimestamp());

    /// <summary>Checks every watched budget against <paramref name="now"/> (Stopwatch ticks); drops finished exchanges.</summary>
    public void Sweep(long now)
    {
        var node = Interlocked.Exchange(ref _head, null);
        ExchangeBudget? keptHead = null, keptTail = null;
        while (node is not null)
        {
            var next = node.NextWatched;
            node.NextWatched = null;
            if (node.Check(now))
            {
                if (keptTail is null) keptHead = keptTail = node;
                else
                {
                    keptTail.NextWatched = node;
                    keptTail = node;
                }
            }
            node = next;
        }
        if (keptHead is not null) Push(keptHead, keptTail!);
    }

    private void Push(ExchangeBudget first, ExchangeBudget last)
    {
        var head = Volatile.Read(ref _head);
        while (true)
        {
            last.NextWatched = head;
            var seen = Interlocked.CompareExchange(ref _head, first, head);
            if (ReferenceEquals(seen, head)) return;
            head = seen;
        }
    }

    private void Run()
    {
        while (!_disposed)
        {
            if (Volatile.Read(ref _head) is null)
            {
                // Idle: sleep until a Watch. One racing with this either sees _ticking == 0 and sets the event, or
                // pushed before the second look below; a left-over signal only costs one extra empty pass.
                Volatile.Write(ref _ticking, 0);
                if (Volatile.Read(ref _head) is null)
                {
                    _wake!.WaitOne();
                    continue;
                }
                Volatile.Write(ref _ticking, 1);
            }
            Thread.Sleep(Period);
            Sweep();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _wake?.Set();
    }
}
