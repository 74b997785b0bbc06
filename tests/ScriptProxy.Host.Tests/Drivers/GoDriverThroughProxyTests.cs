using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// gocql (default cluster config: protocol probe, host lookup, token-aware routing, everything prepared) through the
/// proxy to its embedded node, with no stages (bypass) and with the shipped sample stages; the same assertions as
/// against the node directly (tests/ScriptProxy.Node.Tests/Drivers/GoDriverTests.cs). Protocol v3 and v4 (gocql's
/// highest), and v4 with Snappy through the stages (the proxy decompresses what stages read).
/// </summary>
public sealed class GoDriverThroughProxyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("default", 4)]
    [InlineData("3", 3)]
    public async Task CoreScenario_Bypass(string protocol, int expected)
    {
        await using var proxy = ProxyHarness.Embedded();
        var r = await DriverProcess.GoAsync("core", Timeout, proxy.EndPoint.Port.ToString(), protocol);
        Assert.True(r.ExitCode == 0, r.ToString());
        GoCoreScenario.Assert(r.Json, expected);
        Assert.True(proxy.Server.Metrics.TotalRequests > 50, "the requests went through the proxy");
    }

    [Theory]
    [InlineData("default", 4, "none")]
    [InlineData("3", 3, "none")]
    [InlineData("4", 4, "snappy")]
    public async Task CoreScenario_SampleStages(string protocol, int expected, string compression)
    {
        await using var sample = await SampleStagesProxy.StartAsync();
        var r = await DriverProcess.GoAsync("core", Timeout, sample.Proxy.EndPoint.Port.ToString(), protocol, compression);
        Assert.True(r.ExitCode == 0, r.ToString());
        GoCoreScenario.Assert(r.Json, expected);
        if (compression != "none")
        {
            // Every response after STARTUP is compressed as negotiated, also those the stages read.
            var frames = r.Json.GetProperty("frames");
            Assert.True(frames.GetProperty("compressed").GetInt32() * 2 > frames.GetProperty("total").GetInt32(), frames.GetRawText());
        }
        var status = sample.Proxy.Stages!.Manager.Status();
        Assert.All(status, s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.LastFault}"));
        Assert.All(status, s => Assert.True(s.Invocations > 50, $"{s.Name} ran {s.Invocations} times: the scenario did not go through the stages"));
    }
}
