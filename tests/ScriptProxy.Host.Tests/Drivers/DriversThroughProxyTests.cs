using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// The real DataStax drivers, default settings (metadata sync on), through the proxy to its embedded node:
/// the same scenarios and the same assertions as against the node directly (tests/ScriptProxy.Node.Tests).
/// </summary>
public sealed class DriversThroughProxyTests
{
    [Theory]
    [InlineData()]                  // driver default: negotiates down to v5
    [InlineData("3", "none")]
    [InlineData("4", "lz4")]
    [InlineData("4", "snappy")]
    [InlineData("5", "lz4")]
    public async Task PythonDriver_CoreScenario_ThroughProxy(params string[] args)
    {
        await using var proxy = ProxyHarness.Embedded();
        var r = await DriverProcess.PythonAsync("core.py", TimeSpan.FromSeconds(150), [proxy.EndPoint.Port.ToString(), .. args]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(args.Length > 0 ? int.Parse(args[0]) : 5, j.GetProperty("protocol").GetInt32());
        PythonCoreScenario.Assert(j);
        Assert.True(proxy.Server.Metrics.TotalRequests > 100, "the requests went through the proxy");
    }

    [Fact]
    public async Task NodeJsDriver_CoreScenario_ThroughProxy()
    {
        Assert.True(Directory.Exists(Path.Combine(DriverProcess.RepoRoot, "tests/drivers/node/node_modules/cassandra-driver")),
            "cassandra-driver is not installed: run `npm install` in tests/drivers/node (./test.sh does it)");
        await using var proxy = ProxyHarness.Embedded();
        var r = await DriverProcess.NodeJsAsync("core.js", TimeSpan.FromSeconds(90), proxy.EndPoint.Port.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        NodeJsCoreScenario.Assert(r.Json);
        Assert.True(proxy.Server.Metrics.TotalRequests > 50, "the requests went through the proxy");
    }
}
