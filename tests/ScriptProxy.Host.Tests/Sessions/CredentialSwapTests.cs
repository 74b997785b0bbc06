using System.Text;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// The bytes the upstream receives for a client's AUTH_RESPONSE: untouched with "passthrough", the configured PLAIN
/// token in its place with "replace" (unframed v4, compressed v4, v5 segments), and the client's token never.
/// </summary>
public sealed class CredentialSwapTests
{
    private static readonly byte[] ClientToken = Encoding.UTF8.GetBytes("\0mallory\0client-secret");

    private static byte[] AuthResponse(short stream, byte version, FrameFlags flags = FrameFlags.None, byte[]? body = null) =>
        Frames.Envelope(version, flags, stream, (byte)Opcode.AuthResponse, body ?? new Frames.BodyBuilder().Int(ClientToken.Length).Raw(ClientToken).ToArray());

    private static ProxyConfig Replace(ProxyConfig c) =>
        c with { ClientAuth = ClientAuthPolicy.Replace, UpstreamCredentials = new UpstreamCredentials("app", "upstream-pw") };

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    [Theory]
    [InlineData(4, null)]
    [InlineData(3, null)]
    [InlineData(4, "lz4")]
    public async Task Replace_Unframed_UpstreamGetsConfiguredTokenOnly(byte version, string? compression)
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, Replace);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(1, version, compression));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        // A compressed-flag frame would need real LZ4 bytes; the proxy must drop the body unread either way, so send it plain.
        await client.SendAsync(AuthResponse(2, version));
        var answer = (await client.ReadFrameAsync())!.Value;
        Assert.Equal(2, answer.Header.Stream);
        var received = upstream.Received;
        Assert.False(Contains(received, "client-secret"), "the client's token reached the upstream");
        Assert.False(Contains(received, "mallory"), "the client's user name reached the upstream");
        Assert.True(Contains(received, "\0app\0upstream-pw"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replace_V5Segments_UpstreamGetsConfiguredTokenOnly(bool lz4)
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, Replace);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(1, 5, lz4 ? "lz4" : null));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        // The AUTH_RESPONSE shares its segment with a query before and after it: order and the others' bytes are kept.
        await client.SendAsync(RawCqlClient.Segments(lz4, Frames.Query(2, "SELECT 'before'", 5), AuthResponse(3, 5), Frames.Query(4, "SELECT 'after'", 5)));
        var streams = new List<short>();
        while (streams.Count < 3) streams.AddRange((await client.ReadSegmentAsync(lz4)).Select(e => e.Header.Stream));
        Assert.Equal(new short[] { 2, 3, 4 }, streams.Order().ToArray());
        var received = upstream.Received;
        Assert.False(Contains(received, "client-secret"));
        if (!lz4)
        {
            Assert.True(Contains(received, "\0app\0upstream-pw"));
            Assert.True(Contains(received, "SELECT 'before'") && Contains(received, "SELECT 'after'"));
        }
    }

    [Fact]
    public async Task Passthrough_AuthResponseForwardedByteForByte()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Startup(1));
        await client.ReadFrameAsync();
        var auth = AuthResponse(2, 4);
        await client.SendAsync(auth);
        await client.ReadFrameAsync();
        Assert.True(upstream.Received.AsSpan().IndexOf(auth) >= 0, "the AUTH_RESPONSE was changed in passthrough");
    }
}
