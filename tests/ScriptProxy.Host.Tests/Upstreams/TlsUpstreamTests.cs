using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Upstreams;

/// <summary>TLS from the proxy to the upstream: <c>upstreamTls</c> with a CA file, a server name, or verification off.</summary>
public sealed class TlsUpstreamTests
{
    private static readonly TestCertificates Certs = TestCertificates.Instance;

    private static string Upstream(string? ca = null, string? serverName = null, bool insecure = false) =>
        "{\"enabled\": true" + (ca is null ? "" : $", \"caCertificate\": {TlsConfigs.Quote(ca)}") +
        (serverName is null ? "" : $", \"serverName\": {TlsConfigs.Quote(serverName)}") + (insecure ? ", \"insecureSkipVerify\": true" : "") + "}";

    [Theory]
    [InlineData(null)]
    [InlineData("localhost")]
    public async Task TlsUpstream_VerifiedAgainstCa_Forwards(string? serverName)
    {
        await using var upstream = new FakeCqlUpstream(Certs.Leaf);
        var parsed = TlsConfigs.Parse(upstream.EndPoint, upstreamTlsJson: Upstream(Certs.CaPem, serverName));
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(parsed));
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync([.. Frames.Options(1), .. Frames.Query(2, "SELECT 1")]);
        Assert.Equal(Opcode.Supported, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        Assert.Equal(Opcode.Result, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        Assert.Equal(1, upstream.TlsSessions);
        Assert.Equal([.. Frames.Options(1), .. Frames.Query(2, "SELECT 1")], upstream.Received);
    }

    [Theory]
    [InlineData("wrong CA", true, null)]
    [InlineData("wrong server name", false, "cassandra.example.com")]
    public async Task TlsUpstream_CertificateNotTrusted_FirstRequestAnsweredWithServerError(string why, bool otherCa, string? serverName)
    {
        await using var upstream = new FakeCqlUpstream(Certs.Leaf);
        var parsed = TlsConfigs.Parse(upstream.EndPoint, upstreamTlsJson: Upstream(otherCa ? Certs.OtherCaPem : Certs.CaPem, serverName));
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(parsed));
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Options(5));
        var error = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Error, error!.Value.Header.Opcode);
        Assert.Equal(5, error.Value.Header.Stream);
        var (code, message) = RawCqlClient.ParseError(error.Value.Body);
        Assert.True(code == 0x0000, why);
        Assert.Contains("cannot reach upstream", message);
        Assert.True(await client.IsClosedByPeerAsync());
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task TlsUpstream_InsecureSkipVerify_AcceptsAnyCertificate()
    {
        await using var upstream = new FakeCqlUpstream(Certs.Leaf);
        var parsed = TlsConfigs.Parse(upstream.EndPoint, upstreamTlsJson: Upstream(serverName: "not-the-name", insecure: true));
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(parsed));
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Options(1));
        Assert.Equal(Opcode.Supported, (await client.ReadFrameAsync())!.Value.Header.Opcode);
    }

    [Fact]
    public async Task TlsBothSides_ClientToProxyToUpstream_ManyRequests()
    {
        await using var upstream = new FakeCqlUpstream(Certs.Leaf);
        var parsed = TlsConfigs.Parse(upstream.EndPoint, TlsConfigs.PemListener, Upstream(Certs.CaPem));
        await using var proxy = new ProxyHarness(upstream.EndPoint, TlsConfigs.Apply(parsed));
        await using var client = await RawCqlClient.ConnectTlsAsync(proxy.EndPoint, TestCertificates.ClientOptions(Certs.Ca));
        var requests = Enumerable.Range(1, 200).SelectMany(i => Frames.Query((short)i, $"SELECT * FROM t WHERE k = {i}")).ToArray();
        await client.SendAsync(requests);
        var streams = new HashSet<short>();
        for (int i = 0; i < 200; i++) Assert.True(streams.Add((await client.ReadFrameAsync())!.Value.Header.Stream));
        Assert.Equal(200, streams.Count);
        Assert.Equal(requests, upstream.Received);
    }
}
