using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;
using B = ScriptProxy.Host.Tests.Support.Frames.BodyBuilder;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>Every malformed request gets ERROR 0x000A on its own stream; the connection closes only where framing is lost.</summary>
public sealed class MalformedFrameTests
{
    public sealed record Case(string Name, byte[] Bytes, short ExpectedStream, string MessagePart, bool Closes, byte ExpectedVersion = 4)
    {
        public override string ToString() => Name;
    }

    private const int MaxFrameBytes = 64 * 1024;

    public static TheoryData<Case> Cases() => new()
    {
        new("unknown opcode", Frames.Envelope(4, FrameFlags.None, 7, 0x04, []), 7, "Unknown opcode 0x04", false),
        new("opcode 0x42", Frames.Envelope(4, FrameFlags.None, 8, 0x42, [1, 2, 3]), 8, "Unknown opcode 0x42", false),
        new("response opcode as request", Frames.Envelope(4, FrameFlags.None, 9, (byte)Opcode.Ready, []), 9, "not valid in this direction", false),
        new("response direction bit", Frames.Envelope(0x84, FrameFlags.None, 10, (byte)Opcode.Options, []), 10, "direction", true),
        new("unknown flags", Frames.Envelope(4, (FrameFlags)0x40, 11, (byte)Opcode.Options, []), 11, "Unknown frame flags 0x40", false),
        new("oversized length", Header(4, 12, Opcode.Query, MaxFrameBytes + 1), 12, "exceeds the maximum", true),
        new("negative length", Header(4, 13, Opcode.Query, -5), 13, "Invalid frame body length", true),
        new("truncated long string", Frames.Envelope(4, FrameFlags.None, 14, (byte)Opcode.Query, new B().Int(100).Raw([65, 66]).ToArray()), 14, "Truncated", false),
        new("QUERY without parameters", Frames.Envelope(4, FrameFlags.None, 15, (byte)Opcode.Query, new B().LongString("SELECT 1").ToArray()), 15, "Truncated", false),
        new("bad value length", Frames.Envelope(4, FrameFlags.None, 16, (byte)Opcode.Query,
            new B().LongString("SELECT ?").Short(1).Byte(0x01).Short(1).Int(-3).ToArray()), 16, "Invalid [value] length -3", false),
        new("bad consistency", Frames.Envelope(4, FrameFlags.None, 17, (byte)Opcode.Query, new B().LongString("SELECT 1").Short(0xFF).Byte(0).ToArray()), 17, "Unknown consistency", false),
        new("bad batch type", Frames.Envelope(4, FrameFlags.None, 18, (byte)Opcode.Batch, new B().Byte(7).Short(0).Short(1).Byte(0).ToArray()), 18, "Invalid BATCH type 7", false),
        new("empty prepared id", Frames.Envelope(4, FrameFlags.None, 19, (byte)Opcode.Execute, new B().Short(0).Short(1).Byte(0).ToArray()), 19, "empty prepared statement id", false),
        new("compression not negotiated", Frames.Envelope(4, FrameFlags.Compression, 20, (byte)Opcode.Query, [0, 0, 0, 0]), 20, "no compression was negotiated", false),
        new("truncated STARTUP map", Frames.Envelope(4, FrameFlags.None, 21, (byte)Opcode.Startup, new B().Short(3).String("CQL_VERSION").ToArray()), 21, "Truncated", false),
        new("version 6", Frames.Envelope(6, FrameFlags.None, 22, (byte)Opcode.Options, []), 22, "unsupported protocol version (6)", true),
        new("DSE version 66", Frames.Envelope(66, FrameFlags.None, 23, (byte)Opcode.Options, []), 23, "unsupported protocol version (66)", true),
        new("version 2 header", [0x02, 0x00, 24, (byte)Opcode.Options, 0, 0, 0, 0], 24, "unsupported protocol version (2)", true),
        new("v3 frame mixed into v4", [.. Frames.Options(1), .. Frames.Options(25, 3)], 25, "Invalid message version", false, 3),
    };

    private static byte[] Header(byte version, short stream, Opcode opcode, int length) =>
        Frames.Envelope(version, FrameFlags.None, stream, (byte)opcode, [])[..5].Concat(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(length))).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedRequest_AnsweredWithProtocolError(Case c)
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, cfg => cfg with { MaxFrameBytes = MaxFrameBytes });
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(c.Bytes);

        (FrameHeader Header, byte[] Body)? error = null;
        while (true)
        {
            var frame = await client.ReadFrameAsync();
            Assert.NotNull(frame);
            if (frame.Value.Header.Opcode == Opcode.Error)
            {
                error = frame;
                break;
            }
        }
        Assert.Equal(c.ExpectedStream, error.Value.Header.Stream);
        Assert.Equal(c.ExpectedVersion, error.Value.Header.Version);
        Assert.True(error.Value.Header.IsResponse);
        var (code, message) = RawCqlClient.ParseError(error.Value.Body);
        Assert.Equal(0x000A, code);
        Assert.Contains(c.MessagePart, message, StringComparison.OrdinalIgnoreCase);

        if (c.Closes)
        {
            Assert.True(await client.IsClosedByPeerAsync(), "the connection should close when framing is lost");
        }
        else
        {
            // Framing survived: the same connection still works.
            await client.SendAsync(Frames.Options(99, 4));
            var next = await client.ReadFrameAsync();
            while (next is { } n && n.Header.Stream != 99) next = await client.ReadFrameAsync(); // earlier valid requests' answers
            Assert.NotNull(next);
            Assert.Equal(Opcode.Supported, next.Value.Header.Opcode);
        }
    }

    [Fact]
    public async Task TruncatedFrameAtClose_NothingForwardedAndNoCrash()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using (var client = await RawCqlClient.ConnectAsync(proxy.EndPoint))
        {
            var query = Frames.Query(1, "SELECT * FROM t");
            await client.SendAsync(query[..(query.Length - 3)]);
            client.ShutdownSend();
            Assert.True(await client.IsClosedByPeerAsync());
        }
        Assert.Empty(upstream.Received);

        // The proxy keeps serving new connections.
        await using var again = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await again.SendAsync(Frames.Options(2));
        var frame = await again.ReadFrameAsync();
        Assert.Equal(Opcode.Supported, frame!.Value.Header.Opcode);
    }
}
