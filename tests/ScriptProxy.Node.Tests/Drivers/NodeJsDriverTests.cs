using ScriptProxy.Testing;


namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>The real DataStax Node.js driver (4.x, protocol v4 max) against the node with default settings.</summary>
public sealed class NodeJsDriverTests
{
    [Fact]
    public async Task CoreScenario_DefaultSettings_Works()
    {
        Assert.True(Directory.Exists(Path.Combine(DriverProcess.RepoRoot, "tests/drivers/node/node_modules/cassandra-driver")),
            "cassandra-driver is not installed: run `npm install` in tests/drivers/node (./test.sh does it)");
        await using var server = await NodeServer.StartAsync();
        var r = await DriverProcess.NodeJsAsync("core.js", TimeSpan.FromSeconds(90), server.Port.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        NodeJsCoreScenario.Assert(r.Json);
    }
}
