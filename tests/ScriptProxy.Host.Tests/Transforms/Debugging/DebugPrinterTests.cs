namespace ScriptProxy.Host.Tests.Transforms.Debugging;

/// <summary>DebugPrinter with the real Python driver: each request and its outcome is logged.</summary>
[Collection(TransformCollection.Name)]
public sealed class DebugPrinterTests
{
    [Fact]
    public async Task PythonDriver_RequestsAndOutcomesAreLogged()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "DebugPrinter", "level": "Warning"}]""");
        var j = await bed.RunAsync("transforms_debugging.py", "DebugPrinter");
        Assert.Equal(1, j.GetProperty("rows").GetInt32());
        Assert.StartsWith("InvalidRequest", j.GetProperty("missing_table").GetString());
        var lines = bed.LogLines("ScriptProxy.Transforms.DebugPrinter");
        Assert.All(lines, l => Assert.StartsWith("Warning ", l));
        Assert.Contains(lines, l => l.Contains("-> Query Write dbg.t LocalOne INSERT INTO dbg.t (id, v) VALUES (1, 'printed')", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("-> Query Read dbg.t LocalOne SELECT * FROM dbg.t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("<- 1 rows in", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("<- ERROR Invalid", StringComparison.Ordinal) && l.Contains("nope", StringComparison.Ordinal));
    }
}
