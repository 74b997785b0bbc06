using System.Diagnostics;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Which stream ids have a request forwarded and no response yet, with each request's opcode and start
/// time (for latency and error metrics). The request loop adds, the response loop removes, concurrently:
/// a lock-free bitset (32768 bits) plus a count, with Interlocked word ops. The slot array grows on demand
/// (drivers use a few hundred streams), so an idle connection costs little. A stream reused before its
/// response arrives is counted once.
/// </summary>
internal sealed class InFlightStreams
{
    private readonly long[] _bits = new long[32768 / 64];
    private Slot[] _slots = new Slot[64];
    private int _count;
    private TaskCompletionSource? _drained;

    /// <summary>What was recorded when a request went out.</summary>
    public readonly record struct Slot(long StartTimestamp, Opcode Opcode, Activity? Activity);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Called by the request loop only.</summary>
    public void Add(short stream, Opcode opcode, Activity? activity = null)
    {
        if (stream < 0) return;
        var slots = _slots;
        if (stream >= slots.Length)
        {
            // Only the request loop writes slots and grows the array; the copy is published before the
            // bit below is set, and Interlocked ops are full fences, so the reader sees the new array.
            var grown = new Slot[Math.Min(32768, Math.Max(slots.Length * 2, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)stream + 1)))];
            slots.CopyTo(grown, 0);
            Volatile.Write(ref _slots, grown);
            slots = grown;
        }
        slots[stream] = new Slot(Stopwatch.GetTimestamp(), opcode, activity);
        long mask = 1L << (stream & 63);
        long before = Interlocked.Or(ref _bits[stream >> 6], mask);
        if ((before & mask) == 0) Interlocked.Increment(ref _count);
    }

    /// <summary>Returns true (and the slot) when the stream was in flight. Called by the response loop.</summary>
    public bool Remove(short stream, out Slot slot)
    {
        slot = default;
        if (stream < 0) return false;
        long mask = 1L << (stream & 63);
        long before = Interlocked.And(ref _bits[stream >> 6], ~mask);
        if ((before & mask) == 0) return false;
        slot = Volatile.Read(ref _slots)[stream];
        if (Interlocked.Decrement(ref _count) == 0) Volatile.Read(ref _drained)?.TrySetResult();
        return true;
    }

    /// <summary>How long the oldest request in flight has been waiting (zero when none). Scans the bitset: call it rarely.</summary>
    public TimeSpan OldestAge()
    {
        if (Count == 0) return TimeSpan.Zero;
        var slots = Volatile.Read(ref _slots);
        long oldest = long.MaxValue;
        for (int w = 0; w < _bits.Length; w++)
        {
            long word = Volatile.Read(ref _bits[w]);
            while (word != 0)
            {
                int stream = w * 64 + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                if (stream < slots.Length && slots[stream].StartTimestamp != 0) oldest = Math.Min(oldest, slots[stream].StartTimestamp);
            }
        }
        return oldest == long.MaxValue ? TimeSpan.Zero : Stopwatch.GetElapsedTime(oldest);
    }

    /// <summary>Removes and returns every in-flight stream (used when the upstream is lost); their spans end as errors.</summary>
    public List<short> TakeAll()
    {
        var slots = Volatile.Read(ref _slots);
        var streams = new List<short>();
        for (int w = 0; w < _bits.Length; w++)
        {
            long word = Interlocked.Exchange(ref _bits[w], 0);
            while (word != 0)
            {
                int bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                int stream = w * 64 + bit;
                streams.Add((short)stream);
                if (stream < slots.Length && slots[stream].Activity is { } activity)
                {
                    activity.SetStatus(ActivityStatusCode.Error, "upstream lost");
                    activity.Stop();
                }
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
