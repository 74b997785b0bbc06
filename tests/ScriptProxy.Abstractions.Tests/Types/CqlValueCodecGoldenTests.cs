using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Abstractions.Tests.Types;

/// <summary>Byte-exact encodings taken from spec sections 5 and 6, in both directions.</summary>
public class CqlValueCodecGoldenTests
{
    private const byte V4 = 4;

    private static void Golden(CqlType type, object value, string hex)
    {
        byte[] expected = Convert.FromHexString(hex.Replace(" ", ""));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(CqlValueCodec.Serialize(type, value, V4)));
        object? decoded = CqlValueCodec.Decode(type, expected, V4);
        Assert.True(CqlValueComparer.Instance.Equals(value, decoded), $"decoded {decoded} != {value}");
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(1, "01")]
    [InlineData(127, "7F")]
    [InlineData(128, "0080")]
    [InlineData(129, "0081")]
    [InlineData(-1, "FF")]
    [InlineData(-128, "80")]
    [InlineData(-129, "FF7F")]
    [InlineData(255, "00FF")]
    [InlineData(256, "0100")]
    [InlineData(32768, "008000")]
    public void Varint_matches_spec_table(long value, string hex) => Golden(CqlType.Varint, new BigInteger(value), hex);

    [Fact]
    public void Fixed_width_integers()
    {
        Golden(CqlType.Int, 1, "00000001");
        Golden(CqlType.Int, -2, "FFFFFFFE");
        Golden(CqlType.Bigint, 0x0102030405060708L, "0102030405060708");
        Golden(CqlType.Counter, -1L, "FFFFFFFFFFFFFFFF");
        Golden(CqlType.Smallint, (short)-2, "FFFE");
        Golden(CqlType.Tinyint, (sbyte)-128, "80");
        Golden(CqlType.Boolean, true, "01");
        Golden(CqlType.Boolean, false, "00");
    }

    [Fact]
    public void Boolean_any_nonzero_byte_is_true() => Assert.Equal(true, CqlValueCodec.Decode(CqlType.Boolean, [0x7F], V4));

    [Fact]
    public void Floating_point_is_ieee754_big_endian()
    {
        Golden(CqlType.Double, 1.0, "3FF0000000000000");
        Golden(CqlType.Float, -2.5f, "C0200000");
        // NaN bits are preserved as given (no canonicalisation), so a decoded NaN re-encodes identically.
        Golden(CqlType.Double, BitConverter.Int64BitsToDouble(0x7FF8000000000000), "7FF8000000000000");
    }

    [Fact]
    public void Decimal_is_int_scale_then_varint()
    {
        Golden(CqlType.Decimal, new CqlDecimal(new BigInteger(12345), 2), "00000002 3039");
        Golden(CqlType.Decimal, new CqlDecimal(new BigInteger(-1), 0), "00000000 FF");
        Golden(CqlType.Decimal, new CqlDecimal(new BigInteger(128), -3), "FFFFFFFD 0080");
        Assert.Equal("00000002" + "3039", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Decimal, 123.45m, V4)));
    }

    [Fact]
    public void Strings_are_raw_bytes()
    {
        Golden(CqlType.Text, "héllo", "68C3A96C6C6F");
        Golden(CqlType.Ascii, "AZ", "415A");
        Golden(CqlType.Text, "", "");
        Golden(CqlType.Blob, new byte[] { 0xCA, 0xFE }, "CAFE");
        Golden(new CustomType("org.example.X"), new byte[] { 1 }, "01");
    }

    [Fact]
    public void Uuid_is_rfc_byte_order()
    {
        var g = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        Golden(CqlType.Uuid, g, "00112233445566778899AABBCCDDEEFF");
        Golden(CqlType.Timeuuid, g, "00112233445566778899AABBCCDDEEFF");
        Assert.Equal("00112233445566778899AABBCCDDEEFF", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Uuid, g.ToString(), V4)));
    }

    [Fact]
    public void Timestamp_is_ms_since_epoch()
    {
        Golden(CqlType.Timestamp, DateTimeOffset.UnixEpoch, "0000000000000000");
        Golden(CqlType.Timestamp, DateTimeOffset.FromUnixTimeMilliseconds(1000), "00000000000003E8");
        Golden(CqlType.Timestamp, DateTimeOffset.FromUnixTimeMilliseconds(-1), "FFFFFFFFFFFFFFFF");
        Assert.Equal("00000000000003E8", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Timestamp, new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), V4)));
    }

    [Fact]
    public void Date_epoch_is_two_to_the_31()
    {
        Golden(CqlType.Date, new CqlDate(0x80000000), "80000000");
        Assert.Equal("80000000", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Date, new DateOnly(1970, 1, 1), V4)));
        Assert.Equal("80000001", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Date, new DateOnly(1970, 1, 2), V4)));
        Assert.Equal("7FFFFFFF", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Date, new DateOnly(1969, 12, 31), V4)));
    }

    [Fact]
    public void Time_is_nanoseconds_since_midnight()
    {
        Golden(CqlType.Time, new CqlTime(CqlTime.MaxNanoseconds), "00004E94914EFFFF");
        Assert.Equal("0000000000000064", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Time, TimeSpan.FromTicks(1), V4)));
    }

    [Fact]
    public void Duration_is_three_zigzag_vints()
    {
        Golden(CqlType.Duration, new CqlDuration(1, 2, 3), "02 04 06");
        Golden(CqlType.Duration, new CqlDuration(-1, 0, -1), "01 00 01");
        // 1000 zig-zags to 2000 = 0x7D0: one extra byte, first byte 10xxxxxx.
        Golden(CqlType.Duration, new CqlDuration(0, 0, 1000), "00 00 87D0");
        Golden(CqlType.Duration, new CqlDuration(0, 0, long.MaxValue), "00 00 FF FFFFFFFFFFFFFFFE");
    }

    [Fact]
    public void Inet_is_four_or_sixteen_bytes()
    {
        Golden(CqlType.Inet, IPAddress.Parse("192.168.1.2"), "C0A80102");
        Golden(CqlType.Inet, IPAddress.Parse("::1"), "00000000000000000000000000000001");
        Assert.Equal("7F000001", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Inet, "127.0.0.1", V4)));
    }

    [Fact]
    public void Collections_use_int_counts_and_lengths()
    {
        Golden(CqlType.ListOf(CqlType.Int), new List<object?> { 1, null }, "00000002 00000004 00000001 FFFFFFFF");
        Golden(CqlType.SetOf(CqlType.Text), new List<object?> { "a" }, "00000001 00000001 61");
        Golden(CqlType.MapOf(CqlType.Text, CqlType.Int), new List<KeyValuePair<object?, object?>> { new("k", 7) }, "00000001 00000001 6B 00000004 00000007");
        Golden(CqlType.ListOf(CqlType.Int), new List<object?>(), "00000000");
        Assert.Equal("00000001 00000001 6B 00000004 00000007".Replace(" ", ""),
            Convert.ToHexString(CqlValueCodec.Serialize(CqlType.MapOf(CqlType.Text, CqlType.Int), new Dictionary<string, int> { ["k"] = 7 }, V4)));
        Assert.Equal("00000002 00000001 01 00000001 02".Replace(" ", ""),
            Convert.ToHexString(CqlValueCodec.Serialize(CqlType.SetOf(CqlType.Tinyint), new HashSet<sbyte> { 1, 2 }, V4)));
    }

    [Fact]
    public void Tuple_components_are_bytes_and_may_be_null()
    {
        var t = new TupleType([CqlType.Int, CqlType.Text]);
        Golden(t, new object?[] { 5, null }, "00000004 00000005 FFFFFFFF");
        Assert.Equal("00000004 00000005 00000001 78".Replace(" ", ""), Convert.ToHexString(CqlValueCodec.Serialize(t, (5, "x"), V4)));
        // Trailing components may be missing on the wire.
        Assert.True(CqlValueComparer.Instance.Equals(new object?[] { 5, null }, CqlValueCodec.Decode(t, Convert.FromHexString("0000000400000005"), V4)));
    }

    [Fact]
    public void Udt_fields_in_order_and_may_be_fewer()
    {
        var u = new UdtType("ks", "addr", [new UdtField("street", CqlType.Text), new UdtField("zip", CqlType.Int)]);
        Golden(u, new UdtValue(u, ["a", 9]), "00000001 61 00000004 00000009");
        Golden(u, new UdtValue(u, ["a"]), "00000001 61");
        Golden(u, new UdtValue(u, [null, 9]), "FFFFFFFF 00000004 00000009");
        var byName = new Dictionary<string, object?> { ["zip"] = 9 };
        Assert.Equal("FFFFFFFF0000000400000009", Convert.ToHexString(CqlValueCodec.Serialize(u, byName, V4)));
    }

    [Fact]
    public void Empty_values_of_non_string_types_decode_as_null()
    {
        Assert.Null(CqlValueCodec.Decode(CqlType.Int, [], V4));
        Assert.Null(CqlValueCodec.Decode(CqlType.Varint, [], V4));
        Assert.Null(CqlValueCodec.Decode(CqlType.Uuid, [], V4));
        Assert.Equal("", CqlValueCodec.Decode(CqlType.Text, [], V4));
        Assert.Empty((List<object?>)CqlValueCodec.Decode(CqlType.ListOf(CqlType.Int), [], V4)!);
    }

    [Fact]
    public void Integer_inputs_widen_and_are_range_checked()
    {
        Assert.Equal("0000000000000005", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Bigint, 5, V4)));
        Assert.Equal("0005", Convert.ToHexString(CqlValueCodec.Serialize(CqlType.Smallint, 5, V4)));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Tinyint, 200, V4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Int, 1L << 40, V4));
    }

    [Fact]
    public void Write_bytes_adds_the_length_prefix_and_null_is_minus_one()
    {
        using var w = new ScriptProxy.Abstractions.Buffers.PooledBufferWriter();
        CqlValueCodec.WriteBytes(CqlType.Int, 3, w, V4);
        CqlValueCodec.WriteBytes(CqlType.Int, null, w, V4);
        Assert.Equal("0000000400000003FFFFFFFF", Convert.ToHexString(w.WrittenSpan));
    }
}
