using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Abstractions.Tests.Types;

/// <summary>Seeded generator of CQL types and canonical CLR values, including nested collections, tuples and UDTs.</summary>
internal sealed class RandomCqlValues(int seed)
{
    private readonly Random _r = new(seed);

    public Random Random => _r;

    public CqlType NextType(int depth)
    {
        if (depth <= 0 || _r.Next(3) > 0) return CqlType.Natives[_r.Next(CqlType.Natives.Count)];
        return _r.Next(6) switch
        {
            0 => CqlType.ListOf(NextType(depth - 1)),
            1 => CqlType.SetOf(NextType(depth - 1)),
            2 => CqlType.MapOf(NextType(depth - 1), NextType(depth - 1)),
            3 => new TupleType(Enumerable.Range(0, 1 + _r.Next(4)).Select(_ => NextType(depth - 1)).ToList()),
            4 => new UdtType("ks", "u" + _r.Next(1000), Enumerable.Range(0, 1 + _r.Next(4)).Select(i => new UdtField("f" + i, NextType(depth - 1))).ToList()),
            _ => new CustomType("org.example.Custom"),
        };
    }

    /// <summary>A value of <paramref name="type"/>; nested components are null with some probability.</summary>
    public object NextValue(CqlType type)
    {
        switch (type.Code)
        {
            case CqlTypeCode.Ascii: return new string(Enumerable.Range(0, _r.Next(20)).Select(_ => (char)_r.Next(0, 128)).ToArray());
            case CqlTypeCode.Varchar: return NextText();
            case CqlTypeCode.Blob:
            case CqlTypeCode.Custom: return Bytes(_r.Next(40));
            case CqlTypeCode.Bigint:
            case CqlTypeCode.Counter: return _r.NextInt64(long.MinValue, long.MaxValue);
            case CqlTypeCode.Boolean: return _r.Next(2) == 1;
            case CqlTypeCode.Decimal: return new CqlDecimal(NextBigInteger(), _r.Next(-20, 40));
            case CqlTypeCode.Double: return _r.Next(10) == 0 ? double.NaN : BitConverter.Int64BitsToDouble(_r.NextInt64());
            case CqlTypeCode.Float: return _r.Next(10) == 0 ? float.NegativeInfinity : BitConverter.Int32BitsToSingle(_r.Next(int.MinValue, int.MaxValue));
            case CqlTypeCode.Int: return _r.Next(int.MinValue, int.MaxValue);
            case CqlTypeCode.Smallint: return (short)_r.Next(short.MinValue, short.MaxValue + 1);
            case CqlTypeCode.Tinyint: return (sbyte)_r.Next(sbyte.MinValue, sbyte.MaxValue + 1);
            case CqlTypeCode.Timestamp: return DateTimeOffset.FromUnixTimeMilliseconds(_r.NextInt64(-62_135_596_800_000, 253_402_300_799_999));
            case CqlTypeCode.Uuid:
            case CqlTypeCode.Timeuuid: return new Guid(Bytes(16));
            case CqlTypeCode.Varint: return NextBigInteger();
            case CqlTypeCode.Inet: return new IPAddress(Bytes(_r.Next(2) == 0 ? 4 : 16));
            case CqlTypeCode.Date: return new CqlDate((uint)_r.NextInt64(0, 1L << 32));
            case CqlTypeCode.Time: return new CqlTime(_r.NextInt64(0, CqlTime.MaxNanoseconds + 1));
            case CqlTypeCode.Duration:
                int sign = _r.Next(2) == 0 ? 1 : -1;
                return new CqlDuration(sign * _r.Next(0, int.MaxValue), sign * _r.Next(0, 1000), sign * _r.NextInt64(0, long.MaxValue));
        }
        int n = _r.Next(6);
        switch (type)
        {
            case ListType l: return Enumerable.Range(0, n).Select(_ => Nullable(l.Element)).ToList();
            case SetType s: return Enumerable.Range(0, n).Select(_ => (object?)NextValue(s.Element)).ToList();
            case MapType m: return Enumerable.Range(0, n).Select(_ => new KeyValuePair<object?, object?>(NextValue(m.Key), Nullable(m.Value))).ToList();
            case TupleType t: return t.Elements.Select(Nullable).ToArray();
            case UdtType u: return new UdtValue(u, u.Fields.Take(_r.Next(u.Fields.Count + 1)).Select(f => Nullable(f.Type)).ToList());
            default: throw new NotSupportedException(type.ToString());
        }
    }

    private object? Nullable(CqlType type) => _r.Next(8) == 0 ? null : NextValue(type);

    private string NextText()
    {
        // Mix ASCII, 2-, 3- and 4-byte UTF-8 (surrogate pairs) characters.
        var sb = new System.Text.StringBuilder();
        int n = _r.Next(20);
        for (int i = 0; i < n; i++)
        {
            switch (_r.Next(4))
            {
                case 0: sb.Append((char)_r.Next(0x20, 0x7F)); break;
                case 1: sb.Append((char)_r.Next(0x80, 0x800)); break;
                case 2: sb.Append((char)_r.Next(0x800, 0xD800)); break;
                default: sb.Append(char.ConvertFromUtf32(_r.Next(0x10000, 0x10FFFF))); break;
            }
        }
        return sb.ToString();
    }

    private BigInteger NextBigInteger()
    {
        var b = Bytes(1 + _r.Next(20));
        return new BigInteger(b, isUnsigned: false, isBigEndian: true);
    }

    private byte[] Bytes(int n)
    {
        var b = new byte[n];
        _r.NextBytes(b);
        return b;
    }
}
