using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;
using B = ScriptProxy.Host.Tests.Support.Frames.BodyBuilder;

namespace ScriptProxy.Host.Tests.Protocol;

/// <summary>
/// Found by differential fuzzing (body walk against the typed decoder): the walk rejected every page size
/// &lt;= 0, but Cassandra rejects only 0 ("The page size cannot be 0"); a negative page size means "no
/// paging" there, so the proxy refused requests Cassandra serves.
/// </summary>
public sealed class RequestBodyValidatorTests
{
    private static byte[] QueryWithPageSize(byte version, int pageSize)
    {
        var b = new B().LongString("SELECT * FROM t").Short(1);
        if (version >= 5) b.Int(0x04); else b.Byte(0x04);
        return b.Int(pageSize).ToArray();
    }

    [Theory]
    [InlineData(4, -1)]
    [InlineData(5, -1)]
    [InlineData(4, int.MinValue)]
    [InlineData(3, 5000)]
    public void Validate_NonZeroPageSize_Accepted(byte version, int pageSize)
    {
        var body = QueryWithPageSize(version, pageSize);
        RequestBodyValidator.Validate(FrameHeader.Create(version, false, FrameFlags.None, 1, Opcode.Query, body.Length), body);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Validate_ZeroPageSize_RejectedWithCassandrasMessage(byte version)
    {
        var body = QueryWithPageSize(version, 0);
        var e = Assert.Throws<CqlProtocolException>(() =>
            RequestBodyValidator.Validate(FrameHeader.Create(version, false, FrameFlags.None, 1, Opcode.Query, body.Length), body));
        Assert.Equal("The page size cannot be 0", e.Message);
    }
}
