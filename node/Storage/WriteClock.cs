namespace ScriptProxy.Node.Storage;

/// <summary>
/// Server-side write timestamps in microseconds since the epoch, strictly increasing so two writes in the same
/// microsecond still order (Cassandra's coordinator does the same).
/// </summary>
internal static class WriteClock
{
    private static long _last;

    public static long NowMicros()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + (DateTime.UtcNow.Ticks / 10 % 1000);
        while (true)
        {
            long last = Interlocked.Read(ref _last);
            long next = now > last ? now : last + 1;
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }

    /// <summary>Wall clock in microseconds, for TTL expiry checks (not made unique).</summary>
    public static long WallMicros() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
}
