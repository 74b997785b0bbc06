using System.Numerics;

namespace ScriptProxy.Bench.Load;

/// <summary>
/// An HDR-style log-linear histogram of nanosecond values: exact below 512 ns, then 256 linear steps per power of
/// two (at most 0.4% error) up to 2^40 ns. Not thread-safe: one per recording thread, merged afterwards.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 8;
    private const int SubCount = 1 << SubBits;      // 256
    private const int LinearLimit = SubCount << 1;  // 512
    private const int MaxShift = 32;
    private const long MaxValue = (1L << 40) - 1;

    private readonly long[] _counts = new long[LinearLimit + MaxShift * SubCount];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0) nanoseconds = 0;
        if (nanoseconds > MaxValue) nanoseconds = MaxValue;
        _counts[Index(nanoseconds)]++;
        Count++;
        if (nanoseconds > Max) Max = nanoseconds;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        if (other.Max > Max) Max = other.Max;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), in nanoseconds (bucket midpoint); 0 when empty.</summary>
    public long ValueAt(double q)
    {
        if (Count == 0) return 0;
        if (q >= 1) return Max;
        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(Max, Midpoint(i));
        }
        return Max;
    }

    public double Mean()
    {
        if (Count == 0) return 0;
        double sum = 0;
        for (int i = 0; i < _counts.Length; i++) if (_counts[i] != 0) sum += (double)_counts[i] * Midpoint(i);
        return sum / Count;
    }

    internal static int Index(long v)
    {
        if (v < LinearLimit) return (int)v;
        int msb = 63 - BitOperations.LeadingZeroCount((ulong)v);
        int shift = msb - SubBits;
        return LinearLimit + (shift - 1) * SubCount + (int)(v >> shift) - SubCount;
    }

    internal static long Midpoint(int index)
    {
        if (index < LinearLimit) return index;
        int shift = (index - LinearLimit) / SubCount + 1;
        long top = (index - LinearLimit) % SubCount + SubCount;
        long low = top << shift;
        return low + ((1L << shift) >> 1);
    }
}
