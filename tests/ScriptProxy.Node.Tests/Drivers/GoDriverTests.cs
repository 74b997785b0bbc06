using ScriptProxy.Testing;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>
/// gocql 1.3 (Debian's golang-github-gocql-gocql-dev) against the node with its default cluster config: protocol probe
/// and negotiation, initial host lookup (system.local, system.peers_v2), token-aware routing, prepared metadata queries.
/// </summary>
public sealed class GoDriverTests
{
    [Theory]
    [InlineData("default", 4)]
    [InlineData("3", 3)]
    public async Task CoreScenario_DefaultClusterConfig_Works(string protocol, int expected)
    {
        await using var server = await NodeServer.StartAsync();
        var r = await DriverProcess.GoAsync("core", TimeSpan.FromSeconds(120), server.Port.ToString(), protocol);
        Assert.True(r.ExitCode == 0, r.ToString());
        GoCoreScenario.Assert(r.Json, expected);
    }
}
