namespace ScriptProxy.Host.Tests.Transforms.Debugging;

/// <summary>Coalesce with the real Python driver: concurrent writes are released in groups and all land.</summary>
[Collection(TransformCollection.Name)]
public sealed class CoalesceTests
{
    [Fact]
    public async Task PythonDriver_ConcurrentWritesAllLand_InGroups()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Coalesce", "flushWhenBuffered": 8, "flushWhenMillisSinceLastFlush": 20}]""");
        var j = await bed.RunAsync("transforms_debugging.py", "Coalesce");
        Assert.Equal("[]", j.GetProperty("failed").GetRawText());
        Assert.Equal(42, j.GetProperty("single").GetInt32());
        Assert.Equal(100, j.GetProperty("node_rows").GetInt32());
        var stage = bed.Stage<ScriptProxy.Transforms.Debugging.Coalesce>();
        // Fewer releases than statements: they went out together.
        Assert.InRange(stage.FlushCount, 1, 100);
    }
}
