using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>Protocol v5: after READY both directions are framed in segments (spec v5 section 2).</summary>
public sealed class SegmentedV5Tests
{
    private static async Task<RawCqlClient> HandshakeAsync(ProxyHarness proxy, bool lz4)
    {
        var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(0, 5, lz4 ? "lz4" : null));
        var ready = await client.ReadFrameAsync(); // READY itself is unframed
        Assert.Equal(Opcode.Ready, ready!.Value.Header.Opcode);
        return client;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Segments_ForwardedByteIdenticalBothWays(bool lz4)
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await HandshakeAsync(proxy, lz4);
        int handshakeUp = upstream.Received.Length;
        int handshakeDown = upstream.Sent.Length;
        int handshakeClient = (int)client.ReceivedBytes.Length;

        var envelopes = Enumerable.Range(1, 50).Select(i => Frames.Query((short)i, $"SELECT * FROM t WHERE k = {i} -- {new string('x', i * 7)}", 5)).ToArray();
        var segments = RawCqlClient.Segments(lz4, envelopes);
        await client.SendAsync(segments);
        var streams = new HashSet<short>();
        while (streams.Count < envelopes.Length)
        {
            foreach (var (h, _) in await client.ReadSegmentAsync(lz4))
            {
                Assert.Equal(Opcode.Result, h.Opcode);
                Assert.True(streams.Add(h.Stream));
            }
        }
        Assert.Equal(segments, upstream.Received[handshakeUp..]);
        var clientBytes = client.ReceivedBytes.ToArray()[handshakeClient..];
        Assert.Equal(upstream.Sent[handshakeDown..], clientBytes);
    }

    [Fact]
    public async Task LargeEnvelope_SplitAcrossSegments_ReassembledAndAnswered()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await HandshakeAsync(proxy, lz4: false);
        var big = Frames.Query(7, "SELECT * FROM t WHERE k = '" + new string('q', 300_000) + "'", 5);
        await client.SendAsync(RawCqlClient.Segments(false, big));
        var got = await client.ReadSegmentAsync(false);
        Assert.Single(got);
        Assert.Equal(7, got[0].Header.Stream);
        Assert.Equal(Opcode.Result, got[0].Header.Opcode);
        // The upstream saw the same envelope (its fake decodes segments itself).
        Assert.True(upstream.Received.Length > big.Length);
    }

    [Fact]
    public async Task BadEnvelopeInsideSegment_AnsweredOnItsStream_OthersForwarded()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await HandshakeAsync(proxy, lz4: false);
        var bad = Frames.Envelope(5, FrameFlags.None, 3, 0x04, []); // unknown opcode
        await client.SendAsync(RawCqlClient.Segments(false, Frames.Query(2, "SELECT 1", 5), bad, Frames.Query(4, "SELECT 2", 5)));
        var answers = new Dictionary<short, Opcode>();
        while (answers.Count < 3)
        {
            foreach (var (h, body) in await client.ReadSegmentAsync(false))
            {
                answers[h.Stream] = h.Opcode;
                if (h.Opcode == Opcode.Error) Assert.Equal(0x000A, RawCqlClient.ParseError(body).Code);
            }
        }
        Assert.Equal(Opcode.Result, answers[2]);
        Assert.Equal(Opcode.Error, answers[3]);
        Assert.Equal(Opcode.Result, answers[4]);
    }

    [Theory]
    [InlineData(1)]   // inside the header: CRC24 mismatch
    [InlineData(20)]  // inside the payload: CRC32 mismatch
    public async Task CorruptSegment_AnsweredWithProtocolErrorThenClosed(int flipAt)
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await HandshakeAsync(proxy, lz4: false);
        int before = upstream.Received.Length;
        var segment = RawCqlClient.Segments(false, Frames.Query(9, "SELECT * FROM t", 5));
        segment[flipAt] ^= 0x10;
        await client.SendAsync(segment);
        var got = await client.ReadSegmentAsync(false);
        var (h, body) = Assert.Single(got);
        Assert.Equal(Opcode.Error, h.Opcode);
        var (code, message) = RawCqlClient.ParseError(body);
        Assert.Equal(0x000A, code);
        Assert.Contains("CRC", message);
        Assert.True(await client.IsClosedByPeerAsync());
        Assert.Equal(before, upstream.Received.Length);
    }
}
