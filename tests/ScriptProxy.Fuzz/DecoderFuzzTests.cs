namespace ScriptProxy.Fuzz;

/// <summary>CI mode of the in-process fuzzer: a few thousand cases per seed; the long mode is Program.Main.</summary>
public sealed class DecoderFuzzTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MutatedInputs_OnlyProtocolErrors_BoundedAllocation_NoHang(int seed)
    {
        var runner = new FuzzRunner(seed);
        runner.RunWithWatchdog(3000, TimeSpan.FromSeconds(20));
        Assert.Equal(3000, runner.Cases);
        Assert.True(runner.Findings.Count == 0, string.Join("\n", runner.Findings));
    }

    [Fact]
    public void SeedCorpus_CoversEveryVersionDirectionAndFraming()
    {
        var corpus = SeedCorpus.Build(7);
        foreach (byte version in new byte[] { 3, 4, 5 })
        {
            Assert.Contains(corpus.Envelopes, e => e[0] == version);
            Assert.Contains(corpus.Envelopes, e => e[0] == (version | 0x80));
        }
        Assert.Equal(16, corpus.Envelopes.Select(e => e[4]).Distinct().Count()); // every opcode of v3-v5
        Assert.Contains(corpus.Segments, s => s.Lz4);
        Assert.Contains(corpus.Segments, s => !s.Lz4);
        Assert.NotEmpty(corpus.CompressedEnvelopes);
    }
}
