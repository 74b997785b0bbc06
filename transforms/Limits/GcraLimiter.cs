namespace ScriptProxy.Transforms.Limits;

/// <summary>
/// The generic cell rate algorithm: one "theoretical arrival time" per bucket instead of a token count and a refill
/// timer. A request at time t is allowed when, after adding one emission interval, the TAT is at most
/// <c>burst × interval</c> ahead of t. Lock-free (one CAS per request) and exact at any rate.
/// </summary>
internal sealed class GcraLimiter
{
    private readonly long _interval;  // timestamp units per request
    private readonly long _tolerance; // how far ahead of now the TAT may run (burst × interval)
    private long _tat;

    /// <param name="interval">Time per request in <see cref="TimeProvider"/> timestamp units.</param>
    /// <param name="burst">How many requests may arrive at once after an idle period (at least 1).</param>
    public GcraLimiter(long interval, int burst)
    {
        _interval = Math.Max(1, interval);
        _tolerance = _interval * Math.Max(1, burst);
    }

    /// <summary>The TAT, to let a bucket that is idle again be dropped.</summary>
    public long TheoreticalArrival => Volatile.Read(ref _tat);

    /// <summary>Takes one request at <paramref name="now"/>; false when it exceeds the rate.</summary>
    public bool TryAcquire(long now)
    {
        while (true)
        {
            long tat = Volatile.Read(ref _tat);
            long next = Math.Max(tat, now) + _interval;
            if (next - now > _tolerance) return false;
            if (Interlocked.CompareExchange(ref _tat, next, tat) == tat) return true;
        }
    }
}
