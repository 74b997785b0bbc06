using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// The real DataStax Python driver over TLS (ssl_context with the test CA, host name checked) to a TLS listener,
/// through the proxy to its embedded node, with the driver's default metadata sync.
/// </summary>
public sealed class PythonTlsTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("4")]
    public async Task PythonDriver_OverTls_FullSessionWithMetadata(string protocol)
    {
        var tls = TlsConfigs.Parse(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), TlsConfigs.PfxListener).Listeners[0].Tls;
        await using var proxy = ProxyHarness.Embedded(c => c with { Listeners = [c.Listeners[0] with { Tls = tls }] });
        var r = await DriverProcess.PythonAsync("tls.py", TimeSpan.FromSeconds(120), proxy.EndPoint.Port.ToString(), TestCertificates.Instance.CaPem, protocol);
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(protocol == "default" ? 5 : 4, j.GetProperty("protocol").GetInt32());
        Assert.Equal(50, j.GetProperty("rows").GetInt32());
        Assert.Equal("v7", j.GetProperty("v7").GetString());
        Assert.Equal(["kv"], j.GetProperty("tables").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(j.GetProperty("tls").GetBoolean());
        Assert.True(proxy.Server.Metrics.TotalRequests > 50, "the requests went through the proxy");
    }

    [Fact]
    public async Task PythonDriver_PlainConnectionToTlsListener_Fails()
    {
        var tls = TlsConfigs.Parse(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), TlsConfigs.PfxListener).Listeners[0].Tls;
        await using var proxy = ProxyHarness.Embedded(c => c with { Listeners = [c.Listeners[0] with { Tls = tls }] });
        var r = await DriverProcess.PythonAsync("smoke.py", TimeSpan.FromSeconds(60), proxy.EndPoint.Port.ToString());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("NoHostAvailable", r.Stderr);
    }
}
