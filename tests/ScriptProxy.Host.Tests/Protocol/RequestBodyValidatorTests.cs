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

    /// <summary>
    /// Also from the differential fuzzing: the walk read a custom payload whenever flag 0x04 was set, but v3 has no
    /// custom payloads (the flag is unused there), so a v3 QUERY with that bit was misparsed. It now uses the
    /// decoder's own rule.
    /// </summary>
    [Fact]
    public void Validate_CustomPayloadFlag_ReadOnlyFromV4()
    {
        var query = QueryWithPageSize(4, 100);
        RequestBodyValidator.Validate(FrameHeader.Create(3, false, FrameFlags.CustomPayload, 1, Opcode.Query, query.Length), query);
        var withPayload = new B().Short(1).String("k").Int(2).Raw([1, 2]).Raw(query).ToArray();
        RequestBodyValidator.Validate(FrameHeader.Create(4, false, FrameFlags.CustomPayload, 1, Opcode.Query, withPayload.Length), withPayload);
        Assert.Throws<CqlProtocolException>(() =>
            RequestBodyValidator.Validate(FrameHeader.Create(4, false, FrameFlags.CustomPayload, 1, Opcode.Query, query.Length), query));
    }
}
