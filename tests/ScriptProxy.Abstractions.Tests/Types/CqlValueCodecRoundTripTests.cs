using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Abstractions.Tests.Types;

/// <summary>decode(encode(x)) is structurally equal to x for random values of every type, nested or not.</summary>
public class CqlValueCodecRoundTripTests
{
    public static TheoryData<string> NativeTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in CqlType.Natives) data.Add(t.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(NativeTypeNames))]
    public void Every_native_type_round_trips(string typeName)
    {
        var type = CqlType.Parse(typeName);
        var gen = new RandomCqlValues(typeName.Length * 131 + typeName[0]);
        for (int i = 0; i < 500; i++) AssertRoundTrip(type, gen.NextValue(type));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_nested_types_round_trip(int seed)
    {
        var gen = new RandomCqlValues(seed);
        for (int i = 0; i < 300; i++)
        {
            var type = gen.NextType(depth: 3);
            for (int j = 0; j < 5; j++) AssertRoundTrip(type, gen.NextValue(type));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_supported_protocol_version_is_accepted(byte version)
    {
        var type = CqlType.MapOf(CqlType.Text, CqlType.ListOf(CqlType.Int));
        var value = new List<KeyValuePair<object?, object?>> { new("a", new List<object?> { 1, 2 }) };
        Assert.True(CqlValueComparer.Instance.Equals(value, CqlValueCodec.Decode(type, CqlValueCodec.Serialize(type, value, version), version)));
    }

    [Fact]
    public void Varint_uses_minimal_bytes()
    {
        var gen = new RandomCqlValues(42);
        for (int i = 0; i < 1000; i++)
        {
            var v = (BigInteger)gen.NextValue(CqlType.Varint);
            byte[] bytes = CqlValueCodec.Serialize(CqlType.Varint, v, 4);
            if (bytes.Length > 1)
            {
                // A leading 0x00 is only needed before a byte with the top bit set, 0xFF only before one without.
                Assert.False(bytes[0] == 0x00 && bytes[1] < 0x80, $"redundant 0x00 in {Convert.ToHexString(bytes)}");
                Assert.False(bytes[0] == 0xFF && bytes[1] >= 0x80, $"redundant 0xFF in {Convert.ToHexString(bytes)}");
            }
        }
    }

    [Fact]
    public void Format_renders_cql_literals()
    {
        Assert.Equal("'it''s'", CqlValueCodec.Format(CqlType.Text, "it's"));
        Assert.Equal("0xcafe", CqlValueCodec.Format(CqlType.Blob, new byte[] { 0xCA, 0xFE }));
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", CqlValueCodec.Format(CqlType.Uuid, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")));
        Assert.Equal("[1, null, 3]", CqlValueCodec.Format(CqlType.ListOf(CqlType.Int), new List<object?> { 1, null, 3 }));
        Assert.Equal("{'a', 'b'}", CqlValueCodec.Format(CqlType.SetOf(CqlType.Text), new List<object?> { "a", "b" }));
        Assert.Equal("{'k': 1.5}", CqlValueCodec.Format(CqlType.MapOf(CqlType.Text, CqlType.Double), new List<KeyValuePair<object?, object?>> { new("k", 1.5) }));
        Assert.Equal("(1, 'x')", CqlValueCodec.Format(new TupleType([CqlType.Int, CqlType.Text]), new object?[] { 1, "x" }));
        var u = new UdtType("ks", "p", [new UdtField("name", CqlType.Text), new UdtField("Age", CqlType.Int)]);
        Assert.Equal("{name: 'n', \"Age\": 3}", CqlValueCodec.Format(u, new UdtValue(u, ["n", 3])));
        Assert.Equal("'1970-01-01T00:00:01.000Z'", CqlValueCodec.Format(CqlType.Timestamp, DateTimeOffset.FromUnixTimeMilliseconds(1000)));
        Assert.Equal("'1970-01-01'", CqlValueCodec.Format(CqlType.Date, new CqlDate(0x80000000)));
        Assert.Equal("12.34", CqlValueCodec.Format(CqlType.Decimal, new CqlDecimal(1234, 2)));
        Assert.Equal("-1mo2d3ns", CqlValueCodec.Format(CqlType.Duration, new CqlDuration(-1, -2, -3)));
        Assert.Equal("'10.0.0.1'", CqlValueCodec.Format(CqlType.Inet, System.Net.IPAddress.Parse("10.0.0.1")));
        Assert.Equal("NaN", CqlValueCodec.Format(CqlType.Double, double.NaN));
        Assert.Equal("null", CqlValueCodec.Format(CqlType.Int, null));
    }

    [Fact]
    public void Format_never_throws_on_random_values()
    {
        var gen = new RandomCqlValues(7);
        for (int i = 0; i < 300; i++)
        {
            var type = gen.NextType(3);
            Assert.NotNull(CqlValueCodec.Format(type, gen.NextValue(type)));
        }
    }

    private static void AssertRoundTrip(CqlType type, object value)
    {
        byte[] bytes = CqlValueCodec.Serialize(type, value, 4);
        object? decoded = CqlValueCodec.Decode(type, bytes, 4);
        // Empty collections/tuples/UDTs are legitimately "empty" values; everything else must come back as given.
        Assert.True(CqlValueComparer.Instance.Equals(value, decoded),
            $"{type}: {CqlValueCodec.Format(type, value)} decoded as {CqlValueCodec.Format(type, decoded)} (bytes {Convert.ToHexString(bytes)})");
        // Re-encoding the decoded value is byte-identical.
        Assert.Equal(bytes, CqlValueCodec.Serialize(type, decoded, 4));
    }
}
