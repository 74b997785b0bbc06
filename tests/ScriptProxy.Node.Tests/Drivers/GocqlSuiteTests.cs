using ScriptProxy.Testing;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>gocql's own integration test suite against the node (it found the batch LWT result and tracing gaps).</summary>
[Collection(nameof(RunsAlone))]
public sealed class GocqlSuiteTests
{
    [Fact]
    public async Task GocqlIntegrationSuite_PassesExceptUnmodelledFeatures()
    {
        await using var server = await NodeServer.StartAsync();
        GocqlSuite.Assert(await GocqlSuite.RunAsync(server.Port, TimeSpan.FromMinutes(8)));
    }
}
