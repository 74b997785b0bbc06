using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Types;

/// <summary>Malformed bytes throw CqlProtocolException (ProtocolError) naming the type; wrong CLR inputs throw ArgumentException.</summary>
public class CqlValueCodecMalformedTests
{
    private static readonly UdtType Udt = new("ks", "pt", [new UdtField("x", CqlType.Int), new UdtField("y", CqlType.Text)]);

    public static TheoryData<string, string> MalformedCases() => new()
    {
        { "int", "000001" },
        { "int", "0000000001" },
        { "bigint", "00000000000001" },
        { "counter", "01" },
        { "smallint", "000001" },
        { "tinyint", "0001" },
        { "boolean", "0001" },
        { "double", "00" },
        { "float", "000000" },
        { "uuid", "00112233445566778899AABBCCDDEE" },
        { "timeuuid", "00112233445566778899AABBCCDDEEFF00" },
        { "inet", "7F0000" },
        { "inet", "7F00000100" },
        { "date", "800000" },
        { "time", "0000000000" },
        { "time", "FFFFFFFFFFFFFFFF" },
        { "time", "00004E94914F0000" },
        { "timestamp", "7FFFFFFFFFFFFFFF" },
        { "decimal", "00000002" },
        { "decimal", "000002" },
        { "duration", "02" },
        { "duration", "0204" },
        { "duration", "020406 00" },
        { "duration", "02 03 06" },
        { "duration", "F8 0100000000 00 00" },
        { "duration", "FF" },
        { "text", "C3" },
        { "text", "FF" },
        { "text", "EDA080" },
        { "ascii", "80" },
        { "ascii", "41FF" },
        { "list<int>", "000001" },
        { "list<int>", "FFFFFFFF" },
        { "list<int>", "00000001" },
        { "list<int>", "00000001 00000004 000000" },
        { "list<int>", "00000001 00000003 000000" },
        { "list<int>", "00000001 FFFFFFFE" },
        { "list<int>", "7FFFFFFF 00000000" },
        { "list<int>", "00000001 00000004 00000001 00" },
        { "set<text>", "00000002 00000001 61" },
        { "map<int, int>", "00000001 00000004 00000001" },
        { "map<int, int>", "80000000" },
        { "map<text, int>", "00000001 00000001 FF 00000004 00000001" },
        { "frozen<tuple<int, text>>", "00000004 000001" },
        { "frozen<tuple<int, text>>", "00000004 00000001 00000001 61 00" },
        { "frozen<tuple<int>>", "00000002 0001" },
        { "frozen<tuple<int>>", "FFFFFFF0" },
        { "pt", "00000004 00000001 0000000A" },
        { "pt", "00000004 00000001 FFFFFFFF 00" },
        { "list<frozen<list<int>>>", "00000001 00000008 00000001 00000004" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_bytes_throw_protocol_errors(string typeText, string hex)
    {
        var type = CqlType.Parse(typeText, name => name == "pt" ? Udt : null);
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", ""));
        var ex = Assert.Throws<CqlProtocolException>(() => CqlValueCodec.Decode(type, bytes, 4));
        Assert.Equal(ErrorCode.ProtocolError, ex.Code);
        Assert.Contains(type.ToString(), ex.Message);
    }

    [Fact]
    public void Random_garbage_never_escapes_as_another_exception()
    {
        var gen = new RandomCqlValues(99);
        for (int i = 0; i < 2000; i++)
        {
            var type = gen.NextType(3);
            byte[] bytes;
            if (i % 2 == 0)
            {
                // Start from a valid encoding and damage it: truncate or flip a byte.
                bytes = CqlValueCodec.Serialize(type, gen.NextValue(type), 4);
                if (bytes.Length == 0) continue;
                if (gen.Random.Next(2) == 0) bytes = bytes[..gen.Random.Next(bytes.Length)];
                else bytes[gen.Random.Next(bytes.Length)] ^= (byte)(1 << gen.Random.Next(8));
            }
            else
            {
                bytes = new byte[gen.Random.Next(40)];
                gen.Random.NextBytes(bytes);
            }
            try
            {
                CqlValueCodec.Decode(type, bytes, 4);
            }
            catch (CqlProtocolException)
            {
                // Expected for most damaged inputs.
            }
        }
    }

    [Fact]
    public void Wrong_clr_types_throw_argument_exceptions_naming_both_types()
    {
        var ex = Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Int, "1", 4));
        Assert.Contains("int", ex.Message);
        Assert.Contains("System.String", ex.Message);
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Text, 1, 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Ascii, "é", 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Blob, "x", 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.ListOf(CqlType.Int), "abc", 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.ListOf(CqlType.Int), new List<object?> { 1, "x" }, 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.MapOf(CqlType.Int, CqlType.Int), new List<object?> { 1 }, 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(new TupleType([CqlType.Int]), new object?[] { 1, 2 }, 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Uuid, "not-a-uuid", 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Duration, new CqlDuration(1, -1, 0), 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(CqlType.Time, TimeSpan.FromDays(2), 4));
        Assert.Throws<ArgumentException>(() => CqlValueCodec.Serialize(Udt, new Dictionary<string, object?> { ["nope"] = 1 }, 4));
        Assert.Throws<ArgumentNullException>(() => CqlValueCodec.Serialize(CqlType.Int, null, 4));
    }

    [Fact]
    public void Protocol_versions_below_three_are_refused()
    {
        Assert.Throws<CqlProtocolException>(() => CqlValueCodec.Decode(CqlType.Int, [0, 0, 0, 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CqlValueCodec.Serialize(CqlType.Int, 1, 2));
    }
}
