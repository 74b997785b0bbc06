using System.Net;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Operations;

/// <summary>/metrics moves by exactly the traffic a real driver sent (measured by the driver script around its own traffic).</summary>
public sealed class MetricsWithDriverTests
{
    [Fact]
    public async Task PythonDriverTraffic_CountedExactly()
    {
        await using var proxy = ProxyHarness.Embedded();
        await using var admin = await AdminServer.StartAsync(new AdminConfig(true, IPAddress.Loopback, 0, null), proxy.Server.Metrics, [],
            new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information));
        var r = await DriverProcess.PythonAsync("metrics.py", TimeSpan.FromSeconds(90), proxy.EndPoint.Port.ToString(), admin.BaseAddress.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(25, j.GetProperty("execute").GetDouble());
        Assert.Equal(25, j.GetProperty("latency_count_execute").GetDouble());
        Assert.Equal(13, j.GetProperty("query").GetDouble());
        Assert.Equal(3, j.GetProperty("driver_errors").GetInt32());
        Assert.True(3 == j.GetProperty("invalid").GetDouble(), j.GetProperty("error_series").GetRawText());
        Assert.True(j.GetProperty("v4_connections").GetDouble() >= 1);
    }
}
