namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Which stream ids have a request forwarded and no response yet. The request loop adds, the response
/// loop removes, concurrently: a lock-free bitset (32768 bits) plus a count, with Interlocked word ops.
/// A stream reused before its response arrives is counted once.
/// </summary>
internal sealed class InFlightStreams
{
    private readonly long[] _bits = new long[32768 / 64];
    private int _count;
    private TaskCompletionSource? _drained;

    public int Count => Volatile.Read(ref _count);

    public void Add(short stream)
    {
        if (stream < 0) return;
        long mask = 1L << (stream & 63);
        long before = Interlocked.Or(ref _bits[stream >> 6], mask);
        if ((before & mask) == 0) Interlocked.Increment(ref _count);
    }

    /// <summary>Returns true when the stream was in flight.</summary>
    public bool Remove(short stream)
    {
        if (stream < 0) return false;
        long mask = 1L << (stream & 63);
        long before = Interlocked.And(ref _bits[stream >> 6], ~mask);
        if ((before & mask) == 0) return false;
        if (Interlocked.Decrement(ref _count) == 0) Volatile.Read(ref _drained)?.TrySetResult();
        return true;
    }

    /// <summary>Removes and returns every in-flight stream (used when the upstream is lost).</summary>
    public List<short> TakeAll()
    {
        var streams = new List<short>();
        for (int w = 0; w < _bits.Length; w++)
        {
            long word = Interlocked.Exchange(ref _bits[w], 0);
            while (word != 0)
            {
                int bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                streams.Add((short)(w * 64 + bit));
                word &= word - 1;
            }
        }
        if (streams.Count > 0 && Interlocked.Add(ref _count, -streams.Count) == 0) Volatile.Read(ref _drained)?.TrySetResult();
        return streams;
    }

    /// <summary>Completes when no request is in flight.</summary>
    public Task WhenDrainedAsync()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, tcs);
        if (Count == 0) tcs.TrySetResult();
        return tcs.Task;
    }
}
