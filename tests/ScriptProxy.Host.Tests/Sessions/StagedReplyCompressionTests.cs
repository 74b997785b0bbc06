using System.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Sessions;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// A v3/v4 client that negotiated compression gets compressed responses through stages too (gocql with Snappy through
/// the sample stages found them sent plain: stages read decompressed frames and the plain copy went out).
/// </summary>
public sealed class StagedReplyCompressionTests
{
    [Theory]
    [InlineData("snappy", 4)]
    [InlineData("lz4", 4)]
    [InlineData("snappy", 3)]
    public async Task ResponsesThroughStages_AreCompressedAsNegotiated(string compression, byte version)
    {
        await using var proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with
        {
            Stages = [new StageDefinition { Kind = StageKind.Builtin, Source = "Passthrough" }],
        });
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(0, version, compression));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        await client.SendAsync(Frames.Query(1, "SELECT release_version FROM system.local", version));
        var (header, body) = (await client.ReadFrameAsync())!.Value;
        Assert.Equal(Opcode.Result, header.Opcode);
        Assert.Equal(1, header.Stream);
        Assert.True((header.Flags & FrameFlags.Compression) != 0, "the response through the stage is compressed");
        using var plain = BodyCompression.Create(compression)!.Decompress(body, 1 << 20);
        Assert.Equal(2, plain.Span[3]); // RESULT kind Rows
        Assert.Contains("4.0.11"u8.ToArray(), Windows(plain.Span.ToArray(), 6));
    }

    [Fact]
    public void Write_LeavesCompressedV5AndBodilessEnvelopesAsTheyAre()
    {
        var compressor = BodyCompression.Create("snappy")!;
        byte[][] untouched =
        [
            Frames.Envelope(4, FrameFlags.Compression, 1, (byte)Opcode.Result, [1, 2, 3, 4]),
            Frames.Envelope(5, FrameFlags.None, 1, (byte)Opcode.Result, [0, 0, 0, 1]),
            Frames.Envelope(4, FrameFlags.None, 1, (byte)Opcode.Ready, []),
        ];
        foreach (var envelope in untouched)
        {
            var output = new ArrayBufferWriter<byte>();
            StagedReplyCompression.Write(output, envelope, compressor);
            Assert.Equal(envelope, output.WrittenSpan.ToArray());
        }
        var plainOutput = new ArrayBufferWriter<byte>();
        var plain = Frames.Envelope(4, FrameFlags.None, 1, (byte)Opcode.Result, [0, 0, 0, 1]);
        StagedReplyCompression.Write(plainOutput, plain, null);
        Assert.Equal(plain, plainOutput.WrittenSpan.ToArray());
    }

    private static IEnumerable<byte[]> Windows(byte[] data, int size)
    {
        for (int i = 0; i + size <= data.Length; i++) yield return data[i..(i + size)];
    }
}
