namespace ScriptProxy.Host.Tests.Transforms.Rewriting;

/// <summary>ConsistencyOverride with the real Python driver; a DebugPrinter after it logs the level that goes upstream.</summary>
[Collection(TransformCollection.Name)]
public sealed class ConsistencyOverrideTests
{
    [Fact]
    public async Task PythonDriver_ReadsAndWritesLeaveWithTheConfiguredLevels()
    {
        await using var bed = await TransformBed.StartAsync("""
            [{"builtin": "ConsistencyOverride", "read": "LocalQuorum", "write": "All"},
             {"builtin": "DebugPrinter", "maxQueryLength": 500}]
            """);
        var j = await bed.RunAsync("transforms_rewriting.py", "ConsistencyOverride");
        Assert.Equal(2, j.GetProperty("rows").GetInt32());
        var lines = bed.LogLines("ScriptProxy.Transforms.DebugPrinter").Where(l => l.Contains(" -> ", StringComparison.Ordinal)).ToList();
        // The simple INSERT (sent at ONE) and the prepared one's EXECUTE (sent at TWO); the PREPARE has no level.
        var inserts = lines.Where(l => l.Contains("INSERT INTO co.t", StringComparison.Ordinal) && !l.Contains(" -> Prepare ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, inserts.Count);
        Assert.All(inserts, l => Assert.Contains(" co.t All INSERT", l));
        var select = Assert.Single(lines, l => l.Contains("SELECT * FROM co.t", StringComparison.Ordinal));
        Assert.Contains(" co.t LocalQuorum SELECT", select);
    }
}
