using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Listening;

/// <summary>TLS on the client side: <c>listeners[i].tls</c> with a PKCS#12 or PEM server certificate.</summary>
public sealed class TlsListenerTests
{
    public static TheoryData<string> CertificateForms() => new() { "pfx", "pem" };

    private static string Listener(string form) => form == "pfx" ? TlsConfigs.PfxListener : TlsConfigs.PemListener;

    [Theory]
    [MemberData(nameof(CertificateForms))]
    public async Task TlsClient_ThroughTlsListener_RequestsForwardedToUpstream(string form)
    {
        await using var upstream = new FakeCqlUpstream();
        var parsed = TlsConfigs.Parse(upstream.EndPoint, Listener(form));
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(parsed));
        await using var client = await RawCqlClient.ConnectTlsAsync(proxy.EndPoint, TestCertificates.ClientOptions(TestCertificates.Instance.Ca));

        await client.SendAsync([.. Frames.Options(1), .. Frames.Startup(2), .. Frames.Query(3, "SELECT * FROM t")]);
        Assert.Equal(Opcode.Supported, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        var result = await client.ReadFrameAsync();
        Assert.Equal((Opcode.Result, (short)3), (result!.Value.Header.Opcode, result.Value.Header.Stream));
        // The upstream saw the plain CQL bytes: TLS ends at the proxy.
        Assert.Equal([.. Frames.Options(1), .. Frames.Startup(2), .. Frames.Query(3, "SELECT * FROM t")], upstream.Received);
    }

    [Fact]
    public async Task TlsClient_V5SegmentsWithLz4_WorkOverTls()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(TlsConfigs.Parse(upstream.EndPoint, TlsConfigs.PfxListener)));
        await using var client = await RawCqlClient.ConnectTlsAsync(proxy.EndPoint, TestCertificates.ClientOptions(TestCertificates.Instance.Ca));
        await client.SendAsync(Frames.Startup(0, 5, "lz4"));
        Assert.Equal(Opcode.Ready, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        var big = Frames.Query(7, "SELECT * FROM t -- " + new string('x', 300_000), 5);
        await client.SendAsync(RawCqlClient.Segments(true, Frames.Query(6, "SELECT 1", 5), big));
        var streams = new List<short>();
        while (streams.Count < 2) streams.AddRange((await client.ReadSegmentAsync(true)).Select(e => e.Header.Stream));
        Assert.Equal([6, 7], streams);
    }

    [Fact]
    public async Task PlainClient_OnTlsListener_HandshakeFailsAndProxyKeepsServing()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(TlsConfigs.Parse(upstream.EndPoint, TlsConfigs.PfxListener)));
        await using (var plain = await RawCqlClient.ConnectAsync(proxy.EndPoint))
        {
            await plain.SendAsync(Frames.Options(1));
            Assert.True(await plain.IsClosedByPeerAsync(), "a CQL frame is not a TLS ClientHello: the proxy closes");
        }
        Assert.Equal(0, upstream.Connections);
        await WaitForAsync(() => proxy.Server.Metrics.TlsHandshakeFailures.Value >= 1);

        await using var client = await RawCqlClient.ConnectTlsAsync(proxy.EndPoint, TestCertificates.ClientOptions(TestCertificates.Instance.Ca));
        await client.SendAsync(Frames.Options(2));
        Assert.Equal(Opcode.Supported, (await client.ReadFrameAsync())!.Value.Header.Opcode);
    }

    [Fact]
    public async Task TlsClient_TrustingAnotherCa_RejectsTheProxyCertificate()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(TlsConfigs.Parse(upstream.EndPoint, TlsConfigs.PfxListener)));
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(
            () => RawCqlClient.ConnectTlsAsync(proxy.EndPoint, TestCertificates.ClientOptions(TestCertificates.Instance.OtherCa)));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
