using System.Collections;
using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Storage;

/// <summary>
/// Cassandra's sort order for values of one type (clustering order, min/max, range conditions). Nulls sort first.
/// Text compares by UTF-8 bytes, timeuuid by its embedded time, numbers numerically.
/// </summary>
internal static class ValueOrdering
{
    public static int Compare(CqlType type, object? a, object? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        switch (type.Code)
        {
            case CqlTypeCode.Ascii or CqlTypeCode.Varchar:
                return string.CompareOrdinal((string)a, (string)b);
            case CqlTypeCode.Blob or CqlTypeCode.Custom:
                return ((byte[])a).AsSpan().SequenceCompareTo((byte[])b);
            case CqlTypeCode.Timeuuid:
            {
                int c = TimeuuidTicks((Guid)a).CompareTo(TimeuuidTicks((Guid)b));
                return c != 0 ? c : CompareGuidBytes((Guid)a, (Guid)b);
            }
            case CqlTypeCode.Uuid:
                return CompareGuidBytes((Guid)a, (Guid)b);
            case CqlTypeCode.Inet:
                return ((IPAddress)a).GetAddressBytes().AsSpan().SequenceCompareTo(((IPAddress)b).GetAddressBytes());
            case CqlTypeCode.Decimal:
                return CompareDecimal((CqlDecimal)a, (CqlDecimal)b);
            case CqlTypeCode.Date:
                return ((CqlDate)a).Raw.CompareTo(((CqlDate)b).Raw);
            case CqlTypeCode.Time:
                return ((CqlTime)a).Nanoseconds.CompareTo(((CqlTime)b).Nanoseconds);
            case CqlTypeCode.Duration:
            {
                var x = (CqlDuration)a;
                var y = (CqlDuration)b;
                int c = x.Months.CompareTo(y.Months);
                if (c == 0) c = x.Days.CompareTo(y.Days);
                return c != 0 ? c : x.Nanoseconds.CompareTo(y.Nanoseconds);
            }
            case CqlTypeCode.List or CqlTypeCode.Set:
                return CompareSequences(((ListType?)(type as ListType))?.Element ?? ((SetType)type).Element, (IList)a, (IList)b);
            case CqlTypeCode.Map:
            {
                var m = (MapType)type;
                var x = (IList)a;
                var y = (IList)b;
                for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
                {
                    var (kx, vx) = ((KeyValuePair<object?, object?>)x[i]!);
                    var (ky, vy) = ((KeyValuePair<object?, object?>)y[i]!);
                    int c = Compare(m.Key, kx, ky);
                    if (c == 0) c = Compare(m.Value, vx, vy);
                    if (c != 0) return c;
                }
                return x.Count.CompareTo(y.Count);
            }
            case CqlTypeCode.Tuple:
            {
                var t = (TupleType)type;
                var x = (object?[])a;
                var y = (object?[])b;
                for (int i = 0; i < t.Elements.Count; i++)
                {
                    int c = Compare(t.Elements[i], i < x.Length ? x[i] : null, i < y.Length ? y[i] : null);
                    if (c != 0) return c;
                }
                return 0;
            }
            case CqlTypeCode.Udt:
            {
                var u = (UdtType)type;
                var x = (UdtValue)a;
                var y = (UdtValue)b;
                for (int i = 0; i < u.Fields.Count; i++)
                {
                    int c = Compare(u.Fields[i].Type, i < x.Values.Count ? x.Values[i] : null, i < y.Values.Count ? y.Values[i] : null);
                    if (c != 0) return c;
                }
                return 0;
            }
            default:
                return CompareNumbers(a, b);
        }
    }

    private static int CompareNumbers(object a, object b) => (a, b) switch
    {
        (BigInteger x, BigInteger y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (float x, float y) => x.CompareTo(y),
        (bool x, bool y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (IComparable x, _) when a.GetType() == b.GetType() => x.CompareTo(b),
        _ => Convert.ToDouble(a).CompareTo(Convert.ToDouble(b)),
    };

    private static int CompareSequences(CqlType element, IList a, IList b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            int c = Compare(element, a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static int CompareDecimal(CqlDecimal a, CqlDecimal b)
    {
        int scale = Math.Max(a.Scale, b.Scale);
        var x = a.Unscaled * BigInteger.Pow(10, scale - a.Scale);
        var y = b.Unscaled * BigInteger.Pow(10, scale - b.Scale);
        return x.CompareTo(y);
    }

    private static int CompareGuidBytes(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }

    /// <summary>The 60-bit timestamp of a version-1 uuid (100 ns since 1582-10-15).</summary>
    public static long TimeuuidTicks(Guid g)
    {
        Span<byte> b = stackalloc byte[16];
        g.TryWriteBytes(b, bigEndian: true, out _);
        long timeLow = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        long timeMid = b[4] << 8 | b[5];
        long timeHi = (b[6] & 0x0F) << 8 | b[7];
        return timeHi << 48 | timeMid << 32 | timeLow;
    }
}
