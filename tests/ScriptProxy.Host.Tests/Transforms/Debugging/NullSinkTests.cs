namespace ScriptProxy.Host.Tests.Transforms.Debugging;

/// <summary>NullSink with the real Python driver: the driver connects and prepares, statements never reach the cluster.</summary>
[Collection(TransformCollection.Name)]
public sealed class NullSinkTests
{
    [Fact]
    public async Task PythonDriver_ConnectsAndPrepares_StatementsAreSwallowed()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "NullSink"}]""");
        var j = await bed.RunAsync("transforms_debugging.py", "NullSink");
        Assert.Equal(1, j.GetProperty("hosts").GetInt32());
        Assert.Equal("ok", j.GetProperty("simple_insert").GetString());
        Assert.Equal("ok", j.GetProperty("prepared_insert").GetString());
        Assert.Equal(0, j.GetProperty("simple_read").GetInt32());
        Assert.Equal(0, j.GetProperty("prepared_read").GetInt32());
        Assert.Equal("[0]", j.GetProperty("node_rows").GetRawText());
        Assert.True(bed.Stage<ScriptProxy.Transforms.Debugging.NullSink>().SwallowedCount >= 4);
    }
}
