using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// gocql's own integration suite through the proxy with the shipped sample stages. It runs alone (a non-parallel
/// collection): the suite builds each session with gocql's fixed 600 ms connect timeout, which a 2-core machine busy
/// with the other test classes can miss while the proxy itself is fine.
/// </summary>
[Collection(nameof(TimingSensitive))]
public sealed class GocqlSuiteThroughProxyTests
{
    [Fact]
    public async Task GocqlIntegrationSuite_ThroughSampleStages()
    {
        await using var sample = await SampleStagesProxy.StartAsync();
        GocqlSuite.Assert(await GocqlSuite.RunAsync(sample.Proxy.EndPoint.Port, TimeSpan.FromMinutes(8)));
        var status = sample.Proxy.Stages!.Manager.Status();
        Assert.All(status, s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.LastFault}"));
    }
}
