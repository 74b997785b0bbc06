namespace ScriptProxy.Host.Operations;

/// <summary>
/// A lock-free latency histogram for the status line: 64 logarithmic buckets (each ~19% wider than the one
/// before, from 1 µs to ~60 s), incremented with one Interlocked add. <see cref="TakeInterval"/> gives the
/// quantiles of what arrived since the previous call.
/// </summary>
public sealed class LatencySampler
{
    private const int Buckets = 96;
    private const double Growth = 1.2;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[Buckets];
    private readonly long[] _previous = new long[Buckets];

    public void Record(TimeSpan elapsed)
    {
        double micros = elapsed.TotalMicroseconds;
        int bucket = micros <= 1 ? 0 : Math.Min(Buckets - 1, (int)(Math.Log(micros) / LogGrowth) + 1);
        Interlocked.Increment(ref _counts[bucket]);
    }

    /// <summary>Count and the given quantile (upper bucket bound) of the samples since the last call. Single caller.</summary>
    public (long Count, TimeSpan Quantile) TakeInterval(double quantile)
    {
        Span<long> interval = stackalloc long[Buckets];
        long total = 0;
        for (int i = 0; i < Buckets; i++)
        {
            long now = Volatile.Read(ref _counts[i]);
            interval[i] = now - _previous[i];
            _previous[i] = now;
            total += interval[i];
        }
        if (total == 0) return (0, TimeSpan.Zero);
        long rank = (long)Math.Ceiling(total * quantile);
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += interval[i];
            if (seen >= rank) return (total, TimeSpan.FromMicroseconds(Math.Pow(Growth, i)));
        }
        return (total, TimeSpan.FromMicroseconds(Math.Pow(Growth, Buckets - 1)));
    }
}
