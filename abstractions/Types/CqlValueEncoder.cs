using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Types;

/// <summary>
/// Encodes cell values (spec section 5 and 6) without the [int] length prefix. Accepts the canonical CLR
/// mapping plus a few convenient inputs (see <see cref="CqlValueConverter"/>); anything else is an
/// <see cref="ArgumentException"/> naming the CQL type and the CLR type.
/// </summary>
internal static class CqlValueEncoder
{
    public static void Encode(CqlType type, object value, IBufferWriter<byte> output)
    {
        var w = new CqlWriter(output);
        switch (type.Code)
        {
            case CqlTypeCode.Ascii:
            {
                string s = value as string ?? throw WrongType(type, value);
                if (!System.Text.Ascii.IsValid(s)) throw new ArgumentException($"Cannot encode a string with non-ASCII characters as CQL {type}", nameof(value));
                WriteString(output, s);
                return;
            }
            case CqlTypeCode.Varchar:
                WriteString(output, value as string ?? throw WrongType(type, value));
                return;
            case CqlTypeCode.Blob:
            case CqlTypeCode.Custom:
                w.WriteRaw(CqlValueConverter.ToBytes(type, value));
                return;
            case CqlTypeCode.Bigint:
            case CqlTypeCode.Counter:
                w.WriteLong(CqlValueConverter.ToInt64(type, value, long.MinValue, long.MaxValue));
                return;
            case CqlTypeCode.Int:
                w.WriteInt((int)CqlValueConverter.ToInt64(type, value, int.MinValue, int.MaxValue));
                return;
            case CqlTypeCode.Smallint:
                w.WriteShort((short)CqlValueConverter.ToInt64(type, value, short.MinValue, short.MaxValue));
                return;
            case CqlTypeCode.Tinyint:
                w.WriteByte((byte)(sbyte)CqlValueConverter.ToInt64(type, value, sbyte.MinValue, sbyte.MaxValue));
                return;
            case CqlTypeCode.Boolean:
                w.WriteByte(value is bool b ? (byte)(b ? 1 : 0) : throw WrongType(type, value));
                return;
            case CqlTypeCode.Double:
            {
                double d = value switch { double x => x, float x => x, _ => throw WrongType(type, value) };
                BinaryPrimitives.WriteDoubleBigEndian(output.GetSpan(8), d);
                output.Advance(8);
                return;
            }
            case CqlTypeCode.Float:
                BinaryPrimitives.WriteSingleBigEndian(output.GetSpan(4), value is float f ? f : throw WrongType(type, value));
                output.Advance(4);
                return;
            case CqlTypeCode.Decimal:
            {
                var dec = CqlValueConverter.ToDecimal(type, value);
                w.WriteInt(dec.Scale);
                WriteVarint(output, dec.Unscaled);
                return;
            }
            case CqlTypeCode.Varint:
                WriteVarint(output, CqlValueConverter.ToBigInteger(type, value));
                return;
            case CqlTypeCode.Timestamp:
                w.WriteLong(CqlValueConverter.ToUnixMilliseconds(type, value));
                return;
            case CqlTypeCode.Uuid:
            case CqlTypeCode.Timeuuid:
                w.WriteUuid(CqlValueConverter.ToGuid(type, value));
                return;
            case CqlTypeCode.Inet:
            {
                var address = CqlValueConverter.ToIPAddress(type, value);
                Span<byte> tmp = stackalloc byte[16];
                address.TryWriteBytes(tmp, out int n);
                w.WriteRaw(tmp[..n]);
                return;
            }
            case CqlTypeCode.Date:
                BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), CqlValueConverter.ToDate(type, value).Raw);
                output.Advance(4);
                return;
            case CqlTypeCode.Time:
                w.WriteLong(CqlValueConverter.ToTime(type, value).Nanoseconds);
                return;
            case CqlTypeCode.Duration:
            {
                var dur = value is CqlDuration x ? x : throw WrongType(type, value);
                if ((dur.Months < 0 || dur.Days < 0 || dur.Nanoseconds < 0) && (dur.Months > 0 || dur.Days > 0 || dur.Nanoseconds > 0))
                    throw new ArgumentException($"CQL duration {dur}: months, days and nanoseconds must all have the same sign", nameof(value));
                w.WriteVInt(dur.Months);
                w.WriteVInt(dur.Days);
                w.WriteVInt(dur.Nanoseconds);
                return;
            }
        }

        switch (type)
        {
            case ListType l:
                EncodeElements(type, l.Element, value, output);
                return;
            case SetType s:
                EncodeElements(type, s.Element, value, output);
                return;
            case MapType m:
                EncodeMap(m, value, output);
                return;
            case TupleType t:
                EncodeTuple(t, value, output);
                return;
            case UdtType u:
                EncodeUdt(u, value, output);
                return;
            default:
                throw new ArgumentException($"Cannot encode values of unsupported CQL type {type}", nameof(type));
        }
    }

    private static void EncodeElements(CqlType type, CqlType elementType, object value, IBufferWriter<byte> output)
    {
        // Strings and byte arrays are IEnumerable too, but never what the caller meant for a list.
        if (value is string or byte[] || value is not IEnumerable items) throw WrongType(type, value);
        using var scratch = new PooledBufferWriter();
        if (items is ICollection known)
        {
            // The count is known up front, so elements go straight to the output without a second copy.
            new CqlWriter(output).WriteInt(known.Count);
            int written = 0;
            foreach (object? item in items)
            {
                WriteComponent(elementType, item, output, scratch);
                written++;
            }
            if (written != known.Count) throw new InvalidOperationException("Collection changed while it was being encoded");
            return;
        }
        using var body = new PooledBufferWriter();
        int count = 0;
        foreach (object? item in items)
        {
            WriteComponent(elementType, item, body, scratch);
            count++;
        }
        var w = new CqlWriter(output);
        w.WriteInt(count);
        w.WriteRaw(body.WrittenSpan);
    }

    private static void EncodeMap(MapType type, object value, IBufferWriter<byte> output)
    {
        using var body = new PooledBufferWriter();
        using var scratch = new PooledBufferWriter();
        int count = 0;
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry e in dictionary)
            {
                WriteComponent(type.Key, e.Key, body, scratch);
                WriteComponent(type.Value, e.Value, body, scratch);
                count++;
            }
        }
        else if (value is IEnumerable entries and not string and not byte[])
        {
            foreach (object? entry in entries)
            {
                if (!CqlValueConverter.TryGetPair(entry, out object? k, out object? v)) throw WrongType(type, value, $" (entry of type {entry?.GetType().Name ?? "null"} is not a key/value pair)");
                WriteComponent(type.Key, k, body, scratch);
                WriteComponent(type.Value, v, body, scratch);
                count++;
            }
        }
        else
        {
            throw WrongType(type, value);
        }
        var w = new CqlWriter(output);
        w.WriteInt(count);
        w.WriteRaw(body.WrittenSpan);
    }

    private static void EncodeTuple(TupleType type, object value, IBufferWriter<byte> output)
    {
        int n = type.Elements.Count;
        using var scratch = new PooledBufferWriter();
        switch (value)
        {
            case object?[] array:
                if (array.Length > n) throw new ArgumentException($"CQL {type} has {n} components, got an array of {array.Length}", nameof(value));
                for (int i = 0; i < n; i++) WriteComponent(type.Elements[i], i < array.Length ? array[i] : null, output, scratch);
                return;
            case ITuple tuple:
                if (tuple.Length > n) throw new ArgumentException($"CQL {type} has {n} components, got a tuple of {tuple.Length}", nameof(value));
                for (int i = 0; i < n; i++) WriteComponent(type.Elements[i], i < tuple.Length ? tuple[i] : null, output, scratch);
                return;
            default:
                throw WrongType(type, value);
        }
    }

    private static void EncodeUdt(UdtType type, object value, IBufferWriter<byte> output)
    {
        using var scratch = new PooledBufferWriter();
        switch (value)
        {
            case UdtValue udt:
                if (udt.Values.Count > type.Fields.Count) throw new ArgumentException($"CQL {type} has {type.Fields.Count} fields, got {udt.Values.Count} values", nameof(value));
                // Trailing missing fields are left out, as spec section 6 allows.
                for (int i = 0; i < udt.Values.Count; i++) WriteComponent(type.Fields[i].Type, udt.Values[i], output, scratch);
                return;
            case object?[] array:
                if (array.Length > type.Fields.Count) throw new ArgumentException($"CQL {type} has {type.Fields.Count} fields, got {array.Length} values", nameof(value));
                for (int i = 0; i < array.Length; i++) WriteComponent(type.Fields[i].Type, array[i], output, scratch);
                return;
            case IDictionary<string, object?> byName:
                foreach (var key in byName.Keys)
                {
                    if (IndexOfField(type, key) < 0) throw new ArgumentException($"CQL {type} has no field '{key}'", nameof(value));
                }
                for (int i = 0; i < type.Fields.Count; i++) WriteComponent(type.Fields[i].Type, byName.TryGetValue(type.Fields[i].Name, out var v) ? v : null, output, scratch);
                return;
            default:
                throw WrongType(type, value);
        }
    }

    private static int IndexOfField(UdtType type, string name)
    {
        for (int i = 0; i < type.Fields.Count; i++)
        {
            if (type.Fields[i].Name == name) return i;
        }
        return -1;
    }

    /// <summary>Writes one [bytes] component: null is length -1; otherwise encodes into <paramref name="scratch"/> to learn the length.</summary>
    private static void WriteComponent(CqlType type, object? value, IBufferWriter<byte> output, PooledBufferWriter scratch)
    {
        var w = new CqlWriter(output);
        if (value is null)
        {
            w.WriteInt(-1);
            return;
        }
        scratch.Clear();
        Encode(type, value, scratch);
        w.WriteInt(scratch.WrittenCount);
        w.WriteRaw(scratch.WrittenSpan);
    }

    private static void WriteString(IBufferWriter<byte> output, string s)
    {
        if (s.Length == 0) return;
        int n = Encoding.UTF8.GetByteCount(s);
        int written = Encoding.UTF8.GetBytes(s, output.GetSpan(n));
        output.Advance(written);
    }

    /// <summary>Two's complement big-endian with the fewest bytes (spec section 5.24); zero is one 0x00 byte.</summary>
    internal static void WriteVarint(IBufferWriter<byte> output, BigInteger value)
    {
        int n = value.GetByteCount(isUnsigned: false);
        value.TryWriteBytes(output.GetSpan(n), out int written, isUnsigned: false, isBigEndian: true);
        output.Advance(written);
    }

    internal static ArgumentException WrongType(CqlType type, object value, string extra = "") =>
        new($"Cannot encode a value of CLR type {value.GetType().FullName} as CQL {type}{extra}", nameof(value));
}
