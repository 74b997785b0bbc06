using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Text;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Types;

/// <summary>
/// Decodes cell values (spec section 5 and 6) from a span. Every length is checked before it is used so
/// malformed input surfaces as <see cref="CqlProtocolException"/>, never as an index or overflow exception.
/// </summary>
internal static class CqlValueDecoder
{
    public static object? Decode(CqlType type, ReadOnlySpan<byte> bytes)
    {
        switch (type.Code)
        {
            case CqlTypeCode.Ascii:
                // Ascii.IsValid is vectorised; the spec says bytes outside [0, 127] are a validation error.
                if (!System.Text.Ascii.IsValid(bytes)) throw Malformed(type, "contains a byte above 0x7F");
                return Encoding.ASCII.GetString(bytes);
            case CqlTypeCode.Varchar:
                if (!System.Text.Unicode.Utf8.IsValid(bytes)) throw Malformed(type, "is not valid UTF-8");
                return Encoding.UTF8.GetString(bytes);
            case CqlTypeCode.Blob:
            case CqlTypeCode.Custom:
                return bytes.ToArray();
        }

        // Spec section 5: most non-string types allow an "empty" (zero-length) value, distinct from null.
        // No CLR value in our mapping represents it, so it decodes as null, as the drivers do. Collections
        // decode it as an empty collection and tuples/UDTs as "all components missing".
        if (bytes.IsEmpty)
        {
            return type switch
            {
                ListType or SetType => new List<object?>(),
                MapType => new List<KeyValuePair<object?, object?>>(),
                TupleType t => new object?[t.Elements.Count],
                UdtType u => new UdtValue(u, Array.Empty<object?>()),
                _ => null,
            };
        }

        switch (type.Code)
        {
            case CqlTypeCode.Bigint:
            case CqlTypeCode.Counter:
                return BinaryPrimitives.ReadInt64BigEndian(Fixed(type, bytes, 8));
            case CqlTypeCode.Boolean:
                return Fixed(type, bytes, 1)[0] != 0;
            case CqlTypeCode.Decimal:
                if (bytes.Length < 5) throw Malformed(type, $"needs a 4-byte scale and at least one varint byte, got {bytes.Length} bytes");
                return new CqlDecimal(new BigInteger(bytes[4..], isUnsigned: false, isBigEndian: true), BinaryPrimitives.ReadInt32BigEndian(bytes));
            case CqlTypeCode.Double:
                return BinaryPrimitives.ReadDoubleBigEndian(Fixed(type, bytes, 8));
            case CqlTypeCode.Float:
                return BinaryPrimitives.ReadSingleBigEndian(Fixed(type, bytes, 4));
            case CqlTypeCode.Int:
                return BinaryPrimitives.ReadInt32BigEndian(Fixed(type, bytes, 4));
            case CqlTypeCode.Smallint:
                return BinaryPrimitives.ReadInt16BigEndian(Fixed(type, bytes, 2));
            case CqlTypeCode.Tinyint:
                return (sbyte)Fixed(type, bytes, 1)[0];
            case CqlTypeCode.Timestamp:
                return DecodeTimestamp(type, bytes);
            case CqlTypeCode.Uuid:
            case CqlTypeCode.Timeuuid:
                return new Guid(Fixed(type, bytes, 16), bigEndian: true);
            case CqlTypeCode.Varint:
                return new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
            case CqlTypeCode.Inet:
                if (bytes.Length is not (4 or 16)) throw Malformed(type, $"must be 4 or 16 bytes, got {bytes.Length}");
                return new IPAddress(bytes);
            case CqlTypeCode.Date:
                return new CqlDate(BinaryPrimitives.ReadUInt32BigEndian(Fixed(type, bytes, 4)));
            case CqlTypeCode.Time:
                long ns = BinaryPrimitives.ReadInt64BigEndian(Fixed(type, bytes, 8));
                if ((ulong)ns > CqlTime.MaxNanoseconds) throw Malformed(type, $"{ns} ns is outside 0..{CqlTime.MaxNanoseconds}");
                return new CqlTime(ns);
            case CqlTypeCode.Duration:
                return DecodeDuration(type, bytes);
        }

        return type switch
        {
            ListType l => DecodeElements(type, l.Element, bytes),
            SetType s => DecodeElements(type, s.Element, bytes),
            MapType m => DecodeMap(m, bytes),
            TupleType t => DecodeTuple(t, bytes),
            UdtType u => DecodeUdt(u, bytes),
            _ => throw new CqlProtocolException($"Cannot decode a value of unsupported type {type}"),
        };
    }

    private static object DecodeTimestamp(CqlType type, ReadOnlySpan<byte> bytes)
    {
        long ms = BinaryPrimitives.ReadInt64BigEndian(Fixed(type, bytes, 8));
        // DateTimeOffset covers years 1..9999; Cassandra allows the whole long range, which we cannot map.
        const long MinMs = -62_135_596_800_000, MaxMs = 253_402_300_799_999;
        if (ms is < MinMs or > MaxMs) throw Malformed(type, $"{ms} ms since the epoch is outside the representable range (years 1 to 9999)");
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    private static object DecodeDuration(CqlType type, ReadOnlySpan<byte> bytes)
    {
        int pos = 0;
        long months = ReadVInt(type, bytes, ref pos);
        long days = ReadVInt(type, bytes, ref pos);
        long nanos = ReadVInt(type, bytes, ref pos);
        if (pos != bytes.Length) throw Malformed(type, $"{bytes.Length - pos} trailing bytes after three [vint]s");
        if (months != (int)months || days != (int)days) throw Malformed(type, "months and days must fit in 32 bits");
        bool anyNegative = months < 0 || days < 0 || nanos < 0, anyPositive = months > 0 || days > 0 || nanos > 0;
        if (anyNegative && anyPositive) throw Malformed(type, "months, days and nanoseconds must all have the same sign");
        return new CqlDuration((int)months, (int)days, nanos);
    }

    private static List<object?> DecodeElements(CqlType type, CqlType elementType, ReadOnlySpan<byte> bytes)
    {
        int pos = 0;
        int count = ReadCount(type, bytes, ref pos);
        var list = new List<object?>(count);
        for (int i = 0; i < count; i++) list.Add(ReadComponent(type, elementType, bytes, ref pos));
        EnsureConsumed(type, bytes, pos);
        return list;
    }

    private static List<KeyValuePair<object?, object?>> DecodeMap(MapType type, ReadOnlySpan<byte> bytes)
    {
        int pos = 0;
        int count = ReadCount(type, bytes, ref pos);
        var list = new List<KeyValuePair<object?, object?>>(count);
        for (int i = 0; i < count; i++)
        {
            object? key = ReadComponent(type, type.Key, bytes, ref pos);
            list.Add(new KeyValuePair<object?, object?>(key, ReadComponent(type, type.Value, bytes, ref pos)));
        }
        EnsureConsumed(type, bytes, pos);
        return list;
    }

    private static object?[] DecodeTuple(TupleType type, ReadOnlySpan<byte> bytes)
    {
        var values = new object?[type.Elements.Count];
        int pos = 0;
        // Trailing components may be missing (Cassandra reads until the buffer ends); they are null.
        for (int i = 0; i < values.Length && pos < bytes.Length; i++) values[i] = ReadComponent(type, type.Elements[i], bytes, ref pos);
        EnsureConsumed(type, bytes, pos);
        return values;
    }

    private static UdtValue DecodeUdt(UdtType type, ReadOnlySpan<byte> bytes)
    {
        var values = new List<object?>(type.Fields.Count);
        int pos = 0;
        // Spec section 6: a UDT value may have fewer values than the type has fields.
        for (int i = 0; i < type.Fields.Count && pos < bytes.Length; i++) values.Add(ReadComponent(type, type.Fields[i].Type, bytes, ref pos));
        EnsureConsumed(type, bytes, pos);
        return new UdtValue(type, values);
    }

    /// <summary>Reads a collection count and sanity-checks it against the bytes left (each element needs at least 4).</summary>
    private static int ReadCount(CqlType type, ReadOnlySpan<byte> bytes, ref int pos)
    {
        int count = ReadInt(type, bytes, ref pos, "element count");
        if (count < 0) throw Malformed(type, $"negative element count {count}");
        int perElement = type is MapType ? 8 : 4;
        if ((long)count * perElement > bytes.Length - pos) throw Malformed(type, $"element count {count} cannot fit in the remaining {bytes.Length - pos} bytes");
        return count;
    }

    /// <summary>Reads one [bytes] component (collection element, tuple item or UDT field); length -1 is null.</summary>
    private static object? ReadComponent(CqlType parent, CqlType type, ReadOnlySpan<byte> bytes, ref int pos)
    {
        int length = ReadInt(parent, bytes, ref pos, "component length");
        if (length < 0)
        {
            if (length == -1) return null;
            throw Malformed(parent, $"invalid component length {length}");
        }
        if (length > bytes.Length - pos) throw Malformed(parent, $"component of {length} bytes truncated, only {bytes.Length - pos} remain");
        var slice = bytes.Slice(pos, length);
        pos += length;
        try
        {
            return Decode(type, slice);
        }
        catch (CqlProtocolException ex)
        {
            // Name the enclosing type too, so "int must be 4 bytes" says which collection/tuple/UDT it came from.
            throw new CqlProtocolException($"{ex.Message} (inside a {parent} value)");
        }
    }

    private static int ReadInt(CqlType type, ReadOnlySpan<byte> bytes, ref int pos, string what)
    {
        if (bytes.Length - pos < 4) throw Malformed(type, $"truncated {what}: needs 4 bytes, {bytes.Length - pos} remain");
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes[pos..]);
        pos += 4;
        return value;
    }

    private static void EnsureConsumed(CqlType type, ReadOnlySpan<byte> bytes, int pos)
    {
        if (pos != bytes.Length) throw Malformed(type, $"{bytes.Length - pos} unexpected trailing bytes");
    }

    /// <summary>A zig-zag [vint] (v5 section 3): leading one bits of the first byte count the extra bytes.</summary>
    private static long ReadVInt(CqlType type, ReadOnlySpan<byte> bytes, ref int pos)
    {
        if (pos >= bytes.Length) throw Malformed(type, "truncated [vint]");
        byte first = bytes[pos++];
        int extra = BitOperations.LeadingZeroCount((uint)(byte)~first) - 24;
        ulong value = extra >= 8 ? 0UL : (ulong)(first & (0xFF >> extra));
        if (extra > bytes.Length - pos) throw Malformed(type, $"truncated [vint]: needs {extra} more bytes, {bytes.Length - pos} remain");
        for (int i = 0; i < extra; i++) value = (value << 8) | bytes[pos++];
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    private static ReadOnlySpan<byte> Fixed(CqlType type, ReadOnlySpan<byte> bytes, int size) =>
        bytes.Length == size ? bytes : throw Malformed(type, $"must be {size} bytes, got {bytes.Length}");

    internal static CqlProtocolException Malformed(CqlType type, string detail) => new($"Malformed {type} value: {detail}");
}
