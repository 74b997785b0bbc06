using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>Every hand-written golden frame must decode to its model and the model must encode to the same bytes.</summary>
public class GoldenFrameTests
{
    internal static readonly IReadOnlyDictionary<string, GoldenCase> Cases =
        RequestGoldens.All().Concat(ResponseGoldens.All()).Concat(ResultGoldens.All()).ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. Cases.Keys];

    public static TheoryData<string> EncodableNames() => [.. Cases.Values.Where(c => c.EncodeToo).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Decodes_to_expected_model(string name)
    {
        var golden = Cases[name];
        byte[] frame = golden.Bytes;
        var header = FrameHeader.Read(frame);
        Assert.Equal(frame.Length - FrameHeader.Size, header.BodyLength);

        var message = MessageCodec.Decode(header, frame.AsMemory(FrameHeader.Size), out var envelope);

        Structural.AssertEqual(golden.Expected(), message);
        Structural.AssertEqual(golden.Envelope ?? MessageEnvelope.Empty, envelope);
        Assert.Equal(header.Opcode, message.Opcode);
    }

    [Theory]
    [MemberData(nameof(EncodableNames))]
    public void Encodes_to_golden_bytes(string name)
    {
        var golden = Cases[name];
        byte[] frame = golden.Bytes;
        var header = FrameHeader.Read(frame);
        string expected = Convert.ToHexString(frame);

        // Both output paths: a foreign IBufferWriter (staged body) and our pooled writer (length patched in place).
        var array = new ArrayBufferWriter<byte>();
        int written = FrameEncoder.Write(array, header.Version, header.IsResponse, header.Flags, header.Stream, golden.Expected(), golden.Envelope);
        Assert.Equal(frame.Length, written);
        Assert.Equal(expected, Convert.ToHexString(array.WrittenSpan));

        using var pooled = new PooledBufferWriter(4);
        pooled.Write<byte>([0xEE]); // a byte already in the buffer must not disturb the in-place patching
        FrameEncoder.Write(pooled, header.Version, header.IsResponse, header.Flags, header.Stream, golden.Expected(), golden.Envelope);
        Assert.Equal(expected, Convert.ToHexString(pooled.WrittenSpan[1..]));

        using var owned = FrameEncoder.ToFrame(header.Version, header.IsResponse, header.Flags, header.Stream, golden.Expected(), golden.Envelope);
        Assert.Equal(expected, Convert.ToHexString(owned.Envelope.Span));
        Assert.Equal(header, owned.Header);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Decodes_through_frame_entry_points(string name)
    {
        byte[] bytes = Cases[name].Bytes;
        using var frame = Frame.FromEnvelope(BufferLease.CopyOf(bytes));
        ICqlMessage message = frame.IsResponse ? MessageCodec.DecodeResponse(frame) : MessageCodec.DecodeRequest(frame);
        Structural.AssertEqual(Cases[name].Expected(), message);
    }
}
