using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>The real DataStax Node.js driver over TLS (CA verified) through the proxy to its embedded node, metadata sync on.</summary>
public sealed class NodeJsTlsTests
{
    [Fact]
    public async Task NodeJsDriver_OverTls_FullSessionWithMetadata()
    {
        Assert.True(Directory.Exists(Path.Combine(DriverProcess.RepoRoot, "tests/drivers/node/node_modules/cassandra-driver")),
            "cassandra-driver is not installed: run `npm install` in tests/drivers/node (./test.sh does it)");
        var tls = TlsConfigs.Parse(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), TlsConfigs.PfxListener).Listeners[0].Tls;
        await using var proxy = ProxyHarness.Embedded(c => c with { Listeners = [c.Listeners[0] with { Tls = tls }] });
        var r = await DriverProcess.NodeJsAsync("tls.js", TimeSpan.FromSeconds(90), proxy.EndPoint.Port.ToString(), TestCertificates.Instance.CaPem);
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(4, j.GetProperty("protocol").GetInt32());
        Assert.Equal(30, j.GetProperty("rows").GetInt32());
        Assert.Equal("v7", j.GetProperty("v7").GetString());
        Assert.Equal(["k", "v"], j.GetProperty("columns").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(proxy.Server.Metrics.TotalRequests > 30, "the requests went through the proxy");
    }
}
