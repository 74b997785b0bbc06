using System.Buffers;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

public class CqlTypeCodecTests
{
    private static byte[] Encode(CqlType type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new CqlWriter(buffer);
        CqlTypeCodec.Write(ref writer, type);
        return buffer.WrittenSpan.ToArray();
    }

    private static CqlType Decode(byte[] bytes)
    {
        var reader = new CqlReader(bytes);
        var type = CqlTypeCodec.Read(ref reader);
        Assert.True(reader.End);
        return type;
    }

    [Fact]
    public void Every_native_type_is_its_option_id()
    {
        foreach (var native in CqlType.Natives)
        {
            byte[] expected = [0, (byte)native.Code];
            Assert.Equal(expected, Encode(native));
            Assert.Same(native, Decode(expected));
        }
    }

    [Theory]
    [InlineData("0000 0003 'foo'")]
    [InlineData("0020 0009")]
    [InlineData("0022 000D")]
    [InlineData("0021 000D 0020 0009")]
    [InlineData("0030 0002 'ks' 0001 'u' 0002 0001 'a' 0009 0001 'b' 0031 0002 000C 0001")]
    [InlineData("0031 0000")]
    public void Parameterised_types_follow_the_spec_layout(string hex)
    {
        byte[] bytes = HexFrame.Parse(hex);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(Encode(Decode(bytes))));
    }

    [Fact]
    public void Decoded_structure_is_the_expected_model()
    {
        var udt = (UdtType)Decode(HexFrame.Parse("0030 0002 'ks' 0001 'u' 0002 0001 'a' 0009 0001 'b' 0031 0002 000C 0001"));
        Assert.Equal(new UdtType("ks", "u", [new UdtField("a", CqlType.Int), new UdtField("b", new TupleType([CqlType.Uuid, CqlType.Ascii]))]), udt);
        Assert.Equal(CqlType.MapOf(CqlType.Text, CqlType.ListOf(CqlType.Int)), Decode(HexFrame.Parse("0021 000D 0020 0009")));
    }

    [Theory]
    [InlineData("000A")]
    [InlineData("0016")]
    [InlineData("0032")]
    [InlineData("0020")]
    [InlineData("0030 0002 'ks'")]
    [InlineData("0031 FFFF")]
    public void Invalid_options_throw_protocol_exception(string hex)
    {
        Assert.Throws<CqlProtocolException>(() => Decode(HexFrame.Parse(hex)));
    }
}
