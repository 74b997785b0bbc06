using System.Collections;
using System.Net;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ScriptProxy.Abstractions.Types;

/// <summary>
/// The convenient inputs <see cref="CqlValueCodec.Encode"/> accepts besides the canonical CLR mapping.
/// Deliberately modest: widening integers, DateTime, decimal, DateOnly, TimeSpan, and strings for uuid/inet.
/// </summary>
internal static class CqlValueConverter
{
    /// <summary>Any CLR integer within [min, max]; out-of-range values are rejected rather than truncated.</summary>
    public static long ToInt64(CqlType type, object value, long min, long max)
    {
        long v;
        switch (value)
        {
            case long x: v = x; break;
            case int x: v = x; break;
            case short x: v = x; break;
            case sbyte x: v = x; break;
            case byte x: v = x; break;
            case ushort x: v = x; break;
            case uint x: v = x; break;
            case ulong x when x <= long.MaxValue: v = (long)x; break;
            case BigInteger x when x >= long.MinValue && x <= long.MaxValue: v = (long)x; break;
            case ulong or BigInteger: throw OutOfRange(type, value);
            default: throw CqlValueEncoder.WrongType(type, value);
        }
        return v >= min && v <= max ? v : throw OutOfRange(type, value);
    }

    public static BigInteger ToBigInteger(CqlType type, object value) => value switch
    {
        BigInteger x => x,
        ulong x => x,
        long or int or short or sbyte or byte or ushort or uint => ToInt64(type, value, long.MinValue, long.MaxValue),
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    public static CqlDecimal ToDecimal(CqlType type, object value) => value switch
    {
        CqlDecimal x => x,
        decimal x => CqlDecimal.FromDecimal(x),
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    public static ReadOnlySpan<byte> ToBytes(CqlType type, object value) => value switch
    {
        byte[] x => x,
        ReadOnlyMemory<byte> x => x.Span,
        Memory<byte> x => x.Span,
        ArraySegment<byte> x => x,
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    /// <summary>Milliseconds since the Unix epoch. A DateTime of unspecified kind is taken as UTC.</summary>
    public static long ToUnixMilliseconds(CqlType type, object value) => value switch
    {
        DateTimeOffset x => x.ToUnixTimeMilliseconds(),
        DateTime x => new DateTimeOffset(x.Kind == DateTimeKind.Local ? x.ToUniversalTime() : DateTime.SpecifyKind(x, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
        long x => x,
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    public static Guid ToGuid(CqlType type, object value) => value switch
    {
        Guid x => x,
        string s when Guid.TryParse(s, out var g) => g,
        string => throw new ArgumentException($"'{value}' is not a valid CQL {type}", nameof(value)),
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    public static IPAddress ToIPAddress(CqlType type, object value) => value switch
    {
        IPAddress x => x,
        string s when IPAddress.TryParse(s, out var a) => a,
        string => throw new ArgumentException($"'{value}' is not a valid CQL {type}", nameof(value)),
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    public static CqlDate ToDate(CqlType type, object value) => value switch
    {
        CqlDate x => x,
        DateOnly x => CqlDate.FromDateOnly(x),
        _ => throw CqlValueEncoder.WrongType(type, value),
    };

    public static CqlTime ToTime(CqlType type, object value)
    {
        var time = value switch
        {
            CqlTime x => x,
            TimeSpan x => CqlTime.FromTimeSpan(x),
            TimeOnly x => new CqlTime(x.Ticks * 100),
            _ => throw CqlValueEncoder.WrongType(type, value),
        };
        if ((ulong)time.Nanoseconds > CqlTime.MaxNanoseconds)
            throw new ArgumentException($"CQL {type} must be within 0..{CqlTime.MaxNanoseconds} ns, got {time.Nanoseconds}", nameof(value));
        return time;
    }

    /// <summary>Recognises a map entry: our KeyValuePair&lt;object?, object?&gt;, a DictionaryEntry, a 2-tuple, or any KeyValuePair&lt;K, V&gt;.</summary>
    public static bool TryGetPair(object? entry, out object? key, out object? value)
    {
        switch (entry)
        {
            case KeyValuePair<object?, object?> kv:
                (key, value) = (kv.Key, kv.Value);
                return true;
            case DictionaryEntry de:
                (key, value) = (de.Key, de.Value);
                return true;
            case ITuple { Length: 2 } t:
                (key, value) = (t[0], t[1]);
                return true;
        }
        var clrType = entry?.GetType();
        if (clrType is { IsGenericType: true } && clrType.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
        {
            // Rare path (e.g. a List<KeyValuePair<string, int>>): reflection is acceptable here.
            key = clrType.GetProperty("Key")!.GetValue(entry);
            value = clrType.GetProperty("Value")!.GetValue(entry);
            return true;
        }
        key = value = null;
        return false;
    }

    private static ArgumentException OutOfRange(CqlType type, object value) =>
        new($"Value {value} of CLR type {value.GetType().FullName} is out of range for CQL {type}", nameof(value));
}
