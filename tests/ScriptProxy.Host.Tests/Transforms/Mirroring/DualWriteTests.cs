namespace ScriptProxy.Host.Tests.Transforms.Mirroring;

/// <summary>DualWrite with the real Python driver through the proxy and a second embedded node as the target cluster.</summary>
[Collection(TransformCollection.Name)]
public sealed class DualWriteTests
{
    [Fact]
    public async Task PythonDriver_WritesGoToBoth_ReadsToTheOrigin_TargetFailureFailsTheWrite()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "DualWrite", "target": "{secondary}"}]""", secondary: true);
        var j = await bed.RunAsync("transforms_mirroring.py", "DualWrite");
        const string written = """[[1,"simple"],[2,"prepared"],[3,"batched"]]""";
        Assert.Equal(written, j.GetProperty("origin_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(written, j.GetProperty("target_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(written, j.GetProperty("client_rows").GetRawText().Replace(" ", ""));
        Assert.StartsWith("InvalidRequest", j.GetProperty("target_fails").GetString());
        // Schema changes went to the origin only.
        Assert.Equal("""["mig"]""", j.GetProperty("target_keyspaces").GetRawText());
    }
}
