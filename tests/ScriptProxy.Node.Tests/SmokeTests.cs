using ScriptProxy.Testing;
using ScriptProxy.Node.Tests.Drivers;

namespace ScriptProxy.Node.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task PythonDriver_ConnectsWithDefaults_ReadsSystemLocal()
    {
        await using var server = await NodeServer.StartAsync();
        var r = await DriverProcess.PythonAsync("smoke.py", TimeSpan.FromSeconds(60), server.Port.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("Test Cluster", r.Json.GetProperty("cluster_name").GetString());
        Assert.Equal(5, r.Json.GetProperty("protocol").GetInt32());
    }
}
