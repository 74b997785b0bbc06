using System.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>decode(encode(x)) is structurally x, and re-encoding the decoded message reproduces the bytes.</summary>
public class RoundTripTests
{
    private const int Iterations = 300;

    public static TheoryData<string, byte> KindsAndVersions()
    {
        var data = new TheoryData<string, byte>();
        foreach (var kind in MessageGenerator.Kinds)
        {
            for (byte v = ProtocolVersion.Min; v <= ProtocolVersion.Max; v++) data.Add(kind, v);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndVersions))]
    public void Random_messages_round_trip(string kind, byte version)
    {
        var generator = new MessageGenerator(kind.Length * 7919 + version, version);
        for (int i = 0; i < Iterations; i++)
        {
            var message = generator.Next(kind);
            bool response = message is IResponse;
            var envelope = generator.Envelope(response, message.Opcode);
            short stream = message is EventResponse ? EventResponse.StreamId : (short)(i % 32768);

            var first = new ArrayBufferWriter<byte>();
            FrameEncoder.Write(first, version, response, FrameFlags.None, stream, message, envelope);
            byte[] bytes = first.WrittenSpan.ToArray();
            var header = FrameHeader.Read(bytes);
            Assert.Equal(bytes.Length - FrameHeader.Size, header.BodyLength);
            Assert.Equal(stream, header.Stream);
            Assert.Equal(response, header.IsResponse);

            var decoded = MessageCodec.Decode(header, bytes.AsMemory(FrameHeader.Size), out var decodedEnvelope);
            if (Structural.Compare(message, decoded, "$") is { } diff) Assert.Fail($"{kind} v{version} #{i}: {diff}");
            if (Structural.Compare(envelope, decodedEnvelope, "$envelope") is { } envDiff) Assert.Fail($"{kind} v{version} #{i}: {envDiff}");

            var second = new ArrayBufferWriter<byte>();
            FrameEncoder.Write(second, version, response, header.Flags, stream, decoded, decodedEnvelope);
            Assert.True(bytes.AsSpan().SequenceEqual(second.WrittenSpan), $"{kind} v{version} #{i}: re-encoding differs");

            if (decoded is RowsResult rows) AssertCellsMatch((RowsResult)message, rows);
        }
    }

    private static void AssertCellsMatch(RowsResult expected, RowsResult actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (int r = 0; r < expected.RowCount; r++)
        {
            for (int c = 0; c < expected.ColumnCount; c++) Assert.Equal(expected.GetCell(r, c), actual.GetCell(r, c));
        }
    }
}
