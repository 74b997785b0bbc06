namespace ScriptProxy.Fuzz;

/// <summary>CI mode of the TCP fuzzer: a few thousand mutated frames through the real proxy.</summary>
public sealed class ProxyFuzzTests
{
    [Fact]
    public async Task MutatedFrames_EachAnsweredOnceOrConnectionClosed_ProxyKeepsServing()
    {
        var report = await ProxyFuzzer.RunAsync(seed: 11, cases: 3000, connections: 4, TimeSpan.FromMinutes(3));
        Assert.True(report.Violations.Count == 0, $"{report}\n{string.Join("\n", report.Violations)}");
        Assert.Equal(3000, report.Cases);
        Assert.True(report.ProxyErrors > 0 && report.UpstreamAnswers > 0 && report.ClosedAsExpected > 0, report.ToString());
        Assert.True(report.PeakHeapBytes < 512L << 20, report.ToString());
    }
}
