using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>Malformed bodies must fail with <see cref="CqlProtocolException"/> and nothing else.</summary>
public class MalformedBodyTests
{
    public static TheoryData<string> NonEmptyGoldens() =>
        [.. GoldenFrameTests.Cases.Values.Where(c => c.Bytes.Length > FrameHeader.Size).Select(c => c.Name)];

    private static ICqlMessage Decode(string hexFrame) => Decode(HexFrame.Parse(hexFrame));

    private static ICqlMessage Decode(byte[] frame)
    {
        var header = FrameHeader.Read(frame);
        return MessageCodec.Decode(header, frame.AsMemory(FrameHeader.Size), out _);
    }

    [Theory]
    [MemberData(nameof(NonEmptyGoldens))]
    public void Every_truncation_throws_protocol_exception(string name)
    {
        byte[] frame = GoldenFrameTests.Cases[name].Bytes;
        var header = FrameHeader.Read(frame);
        for (int length = 0; length < header.BodyLength; length++)
        {
            var body = frame.AsMemory(FrameHeader.Size, length);
            var ex = Record.Exception(() => MessageCodec.Decode(header.WithBodyLength(length), body, out _));
            Assert.True(ex is CqlProtocolException, $"{name} truncated to {length} bytes: {ex?.GetType().Name ?? "no exception"} {ex?.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(NonEmptyGoldens))]
    public void Trailing_bytes_are_ignored(string name)
    {
        var golden = GoldenFrameTests.Cases[name];
        byte[] frame = [.. golden.Bytes, 0xDE, 0xAD];
        var header = FrameHeader.Read(frame);
        var message = MessageCodec.Decode(header.WithBodyLength(header.BodyLength + 2), frame.AsMemory(FrameHeader.Size), out _);
        Structural.AssertEqual(golden.Expected(), message);
    }

    [Theory]
    [MemberData(nameof(NonEmptyGoldens))]
    public void Random_corruption_only_ever_throws_protocol_exception(string name)
    {
        byte[] original = GoldenFrameTests.Cases[name].Bytes;
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) ^ 0x5EED);
        for (int round = 0; round < 300; round++)
        {
            byte[] frame = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++) frame[random.Next(FrameHeader.Size, frame.Length)] = (byte)random.Next(256);
            var ex = Record.Exception(() => Decode(frame));
            Assert.True(ex is null or CqlProtocolException, $"{name} round {round}: {ex}");
        }
    }

    [Theory]
    [InlineData("04 00 0000 07 LEN  00000001 'Q' 0001 01 0001 FFFFFFFD", "Invalid [value] length -3")]
    [InlineData("04 00 0000 07 LEN  00000001 'Q' 0001 01 0001 80000000", "Invalid [value] length")]
    [InlineData("04 00 0000 07 LEN  FFFFFFFF", "Negative [long string]")]
    [InlineData("04 00 0000 07 LEN  00000001 'Q' 000B 00", "Unknown consistency")]
    [InlineData("04 00 0000 07 LEN  00000001 'Q' 0001 10 00FF", "Unknown consistency")]
    [InlineData("04 00 0000 07 LEN  00000001 'Q' 0001 20 8000000000000000", "timestamp")]
    [InlineData("04 00 0000 07 LEN  00000001 'Q' 0001 01 FFFF 00000000", "bound values")]
    [InlineData("84 00 0000 08 LEN  00000006", "Unknown RESULT kind")]
    [InlineData("84 00 0000 08 LEN  00000000", "Unknown RESULT kind")]
    [InlineData("84 00 0000 08 LEN  00000002 00000000 FFFFFFFF", "Negative column count")]
    [InlineData("84 00 0000 08 LEN  00000002 00000004 00000001 FFFFFFFF", "Negative row count")]
    [InlineData("84 00 0000 08 LEN  00000002 00000004 00000001 7FFFFFFF 00000000", "cells")]
    [InlineData("84 00 0000 08 LEN  00000002 00000000 00000001 0002 'ks' 0001 't' 0001 'a' 00FF 00000000", "Unknown column type option id 0x00FF")]
    [InlineData("85 00 0000 08 LEN  00000002 0000000C 00000000 0000 00000000", "METADATA_CHANGED and NO_METADATA")]
    [InlineData("84 00 0000 08 LEN  00000005 0007 'CHANGED' 0008 'KEYSPACE' 0002 'ks'", "Unknown schema change type 'CHANGED'")]
    [InlineData("84 00 0000 08 LEN  00000005 0007 'CREATED' 0005 'INDEX' 0002 'ks'", "Unknown schema change target 'INDEX'")]
    [InlineData("83 00 0000 08 LEN  00000005 0007 'CREATED' 0008 'FUNCTION' 0002 'ks' 0001 'f' 0000", "does not exist in protocol v3")]
    [InlineData("84 00 FFFF 0C LEN  0004 'BOOM'", "Unknown event type 'BOOM'")]
    [InlineData("84 00 FFFF 0C LEN  000D 'STATUS_CHANGE' 0004 'GONE' 04 7F000001 00002352", "Unknown status change 'GONE'")]
    [InlineData("84 00 FFFF 0C LEN  000F 'TOPOLOGY_CHANGE' 0008 'NEW_NODE' 05 7F00000100 00002352", "Invalid [inet] address size 5")]
    [InlineData("84 00 FFFF 0C LEN  000D 'STATUS_CHANGE' 0002 'UP' 04 7F000001 00010000", "Invalid [inet] port 65536")]
    [InlineData("04 00 0000 0D LEN  03 0000 0001 00", "Unknown BATCH type 3")]
    [InlineData("04 00 0000 0D LEN  00 0001 02 0000 0000 0001 00", "Invalid BATCH statement kind 2")]
    [InlineData("04 00 0000 0D LEN  00 0001 00 00000001 'Q' 0000 0001 40", "Named values are not supported in BATCH")]
    [InlineData("05 00 0000 0D LEN  00 0001 00 00000001 'Q' 0000 0001 00000040", "Named values are not supported in BATCH")]
    [InlineData("04 00 0000 0D LEN  00 0001 00 00000001 'Q' 0000 0001 01", "four low bits")]
    [InlineData("85 00 0000 00 LEN  00001300 0000 0001 00000000 00000001 FFFFFFFF 00", "Negative reason map entries count")]
    [InlineData("85 00 0000 00 LEN  00001300 0000 0001 00000000 00000001 00100000 00", "reason map entries")]
    [InlineData("84 00 0000 08 LEN  00000004 0001 AA 00000000 00000000 FFFFFFFF", "Negative partition key indexes count")]
    public void Bad_bodies_are_rejected_with_a_clear_message(string hexFrame, string expectedMessagePart)
    {
        var ex = Assert.Throws<CqlProtocolException>(() => Decode(hexFrame));
        Assert.Contains(expectedMessagePart, ex.Message);
        Assert.Equal(ErrorCode.ProtocolError, ex.Code);
    }

    [Fact]
    public void Opcode_and_direction_mismatches_are_rejected()
    {
        Assert.Contains("is not a request", Assert.Throws<CqlProtocolException>(() => Decode("04 00 0000 08 00000000")).Message);
        Assert.Contains("is not a response", Assert.Throws<CqlProtocolException>(() => Decode("84 00 0000 07 00000000")).Message);
        Assert.Contains("is not a request", Assert.Throws<CqlProtocolException>(() => Decode("04 00 0000 04 00000000")).Message);
        var responseHeader = FrameHeader.Create(4, true, FrameFlags.None, 0, Opcode.Ready, 0);
        Assert.Throws<CqlProtocolException>(() => MessageCodec.DecodeRequest(responseHeader, ReadOnlyMemory<byte>.Empty, out _));
        var requestHeader = FrameHeader.Create(4, false, FrameFlags.None, 0, Opcode.Options, 0);
        Assert.Throws<CqlProtocolException>(() => MessageCodec.DecodeResponse(requestHeader, ReadOnlyMemory<byte>.Empty, out _));
        var v2 = FrameHeader.Create(2, false, FrameFlags.None, 0, Opcode.Options, 0);
        Assert.Contains("unsupported protocol version", Assert.Throws<CqlProtocolException>(() => MessageCodec.Decode(v2, ReadOnlyMemory<byte>.Empty, out _)).Message);
    }

    [Fact]
    public void Deeply_nested_types_are_refused_instead_of_overflowing_the_stack()
    {
        // 100 nested list<...> options, then int.
        string nested = string.Concat(Enumerable.Repeat("0020 ", 100)) + "0009";
        var ex = Assert.Throws<CqlProtocolException>(() => Decode($"84 00 0000 08 LEN  00000002 00000000 00000001 0002 'ks' 0001 't' 0001 'a' {nested} 00000000"));
        Assert.Contains("nested deeper", ex.Message);
    }
}
