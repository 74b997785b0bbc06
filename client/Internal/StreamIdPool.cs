using System.Numerics;

namespace ScriptProxy.Client.Internal;

/// <summary>
/// Free stream ids as a lock-free bitset (1 = in use). Renting scans from a hint word with a CAS per attempt;
/// returning clears one bit. Waiters for an id (all in use) park on a semaphore only then.
/// </summary>
internal sealed class StreamIdPool : IDisposable
{
    private readonly long[] _words;
    private readonly SemaphoreSlim _freed = new(0);
    private int _hint;
    private int _waiters;
    private int _inUse;

    public StreamIdPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 32768);
        Capacity = capacity;
        _words = new long[(capacity + 63) / 64];
        int tail = capacity % 64;
        // Bits past the capacity are permanently "in use".
        if (tail != 0) _words[^1] = ~((1L << tail) - 1);
    }

    public int Capacity { get; }

    public int InUse => Volatile.Read(ref _inUse);

    public bool TryRent(out short id)
    {
        var words = _words;
        int n = words.Length;
        int start = Volatile.Read(ref _hint);
        for (int i = 0; i < n; i++)
        {
            int w = start + i;
            if (w >= n) w -= n;
            long bits = Volatile.Read(ref words[w]);
            while (bits != -1L)
            {
                int bit = BitOperations.TrailingZeroCount(~bits);
                long seen = Interlocked.CompareExchange(ref words[w], bits | (1L << bit), bits);
                if (seen == bits)
                {
                    if (w != start) Volatile.Write(ref _hint, w);
                    Interlocked.Increment(ref _inUse);
                    id = (short)((w << 6) + bit);
                    return true;
                }
                bits = seen;
            }
        }
        id = -1;
        return false;
    }

    /// <summary>Waits until an id is free (the slow path, taken only when all are in use).</summary>
    public async ValueTask<short> RentAsync(CancellationToken cancellationToken)
    {
        if (TryRent(out short id)) return id;
        Interlocked.Increment(ref _waiters);
        try
        {
            while (true)
            {
                if (TryRent(out id)) return id;
                await _freed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    public void Return(short id)
    {
        Interlocked.And(ref _words[id >> 6], ~(1L << (id & 63)));
        Interlocked.Decrement(ref _inUse);
        if (Volatile.Read(ref _waiters) > 0) _freed.Release();
    }

    public void Dispose() => _freed.Dispose();
}
