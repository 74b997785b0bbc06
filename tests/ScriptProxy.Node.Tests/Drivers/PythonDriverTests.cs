using System.Text.Json;
using ScriptProxy.Testing;


namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>The real DataStax Python driver against the node, default settings (metadata sync on).</summary>
public sealed class PythonDriverTests
{
    private static async Task<JsonElement> RunCoreAsync(params string[] args)
    {
        await using var server = await NodeServer.StartAsync();
        var r = await DriverProcess.PythonAsync("core.py", TimeSpan.FromSeconds(150), [server.Port.ToString(), .. args]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Json;
    }

    [Fact]
    public async Task CoreScenario_DefaultSettings_Works()
    {
        var j = await RunCoreAsync();
        Assert.Equal(5, j.GetProperty("protocol").GetInt32());
        PythonCoreScenario.Assert(j);
    }

    [Theory]
    [InlineData("3", "none")]
    [InlineData("4", "lz4")]
    [InlineData("4", "snappy")]
    [InlineData("5", "lz4")]
    public async Task CoreScenario_ProtocolAndCompression_Works(string protocol, string compression)
    {
        var j = await RunCoreAsync(protocol, compression);
        Assert.Equal(int.Parse(protocol), j.GetProperty("protocol").GetInt32());
        PythonCoreScenario.Assert(j);
    }
}
