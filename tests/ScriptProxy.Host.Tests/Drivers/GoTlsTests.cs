using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>gocql over TLS (CA and host verified) through the proxy to its embedded node, default cluster config.</summary>
public sealed class GoTlsTests
{
    [Fact]
    public async Task Gocql_OverTls_FullSessionWithMetadata()
    {
        var tls = TlsConfigs.Parse(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), TlsConfigs.PfxListener).Listeners[0].Tls;
        await using var proxy = ProxyHarness.Embedded(c => c with { Listeners = [c.Listeners[0] with { Tls = tls }] });
        var r = await DriverProcess.GoAsync("tls", TimeSpan.FromSeconds(120), proxy.EndPoint.Port.ToString(), TestCertificates.Instance.CaPem);
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(30, j.GetProperty("rows").GetInt32());
        Assert.Equal("v7", j.GetProperty("v7").GetString());
        Assert.Equal(["k", "v"], j.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(proxy.Server.Metrics.TotalRequests > 30, "the requests went through the proxy");
    }
}
