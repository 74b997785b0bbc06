using System.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>v3/v4 body compression negotiated in STARTUP: compressed bodies are forwarded untouched and still validated.</summary>
public sealed class CompressedV4Tests
{
    [Theory]
    [InlineData("lz4")]
    [InlineData("snappy")]
    public async Task CompressedRequests_ValidForwardedUntouched_CorruptAnswered(string compression)
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(0, 4, compression));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        int before = upstream.Received.Length;

        var compressor = BodyCompression.Create(compression)!;
        byte[] Compress(byte[] envelope)
        {
            var body = new ArrayBufferWriter<byte>();
            compressor.Compress(envelope.AsSpan(9), body);
            return Frames.Envelope(4, FrameFlags.Compression, FrameHeader.Read(envelope).Stream, envelope[4], body.WrittenSpan.ToArray());
        }
        var good = Compress(Frames.Query(1, "SELECT * FROM t WHERE k = 'compressed'"));
        var malformedInside = Compress(Frames.Envelope(4, FrameFlags.None, 2, (byte)Opcode.Query, [0, 0, 0, 50, 1]));
        var garbage = Frames.Envelope(4, FrameFlags.Compression, 3, (byte)Opcode.Query, [0, 0, 0, 40, 0xFF, 0xFF, 0xFF]);
        await client.SendAsync([.. good, .. malformedInside, .. garbage]);

        var answers = new Dictionary<short, (Opcode Op, byte[] Body)>();
        while (answers.Count < 3)
        {
            var f = (await client.ReadFrameAsync())!.Value;
            answers[f.Header.Stream] = (f.Header.Opcode, f.Body);
        }
        Assert.Equal(Opcode.Result, answers[1].Op);
        Assert.Equal(Opcode.Error, answers[2].Op);
        Assert.Contains("Truncated", RawCqlClient.ParseError(answers[2].Body).Message);
        Assert.Equal(Opcode.Error, answers[3].Op);
        Assert.Equal(0x000A, RawCqlClient.ParseError(answers[3].Body).Code);
        Assert.Equal(good, upstream.Received[before..]);
    }
}
