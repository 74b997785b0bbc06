using System.Security.Cryptography;

namespace ScriptProxy.Node.Execution.Terms;

/// <summary>Version-1 (time-based) uuids for now(): unique per call, ordered by time within this process.</summary>
internal static class TimeUuid
{
    private const long GregorianOffset = 0x01B21DD213814000L; // 100 ns intervals from 1582-10-15 to 1970-01-01
    private static readonly byte[] Node = RandomNumberGenerator.GetBytes(8);
    private static long _lastTicks;

    public static Guid Now()
    {
        long ticks = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 10_000 + GregorianOffset;
        while (true)
        {
            long last = Interlocked.Read(ref _lastTicks);
            long next = ticks > last ? ticks : last + 1;
            if (Interlocked.CompareExchange(ref _lastTicks, next, last) == last) return Create(next, Node);
        }
    }

    /// <summary>The smallest (min) or largest (max) timeuuid for a millisecond, as minTimeuuid/maxTimeuuid.</summary>
    public static Guid Bound(DateTimeOffset at, bool max)
    {
        long ticks = at.ToUnixTimeMilliseconds() * 10_000 + GregorianOffset + (max ? 9_999 : 0);
        var node = max ? [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] : new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 };
        return Create(ticks, node);
    }

    private static Guid Create(long ticks, byte[] node)
    {
        Span<byte> b = stackalloc byte[16];
        b[0] = (byte)(ticks >> 24);
        b[1] = (byte)(ticks >> 16);
        b[2] = (byte)(ticks >> 8);
        b[3] = (byte)ticks;
        b[4] = (byte)(ticks >> 40);
        b[5] = (byte)(ticks >> 32);
        b[6] = (byte)(((ticks >> 56) & 0x0F) | 0x10);
        b[7] = (byte)(ticks >> 48);
        node.AsSpan(0, 8).CopyTo(b[8..]);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b, bigEndian: true);
    }

    public static DateTimeOffset ToTimestamp(Guid g) =>
        DateTimeOffset.FromUnixTimeMilliseconds((Storage.ValueOrdering.TimeuuidTicks(g) - GregorianOffset) / 10_000);
}
