namespace ScriptProxy.Host.Tests.Transforms.Privacy;

/// <summary>Redact with the real Python driver through the proxy: masked for the client, intact in the cluster.</summary>
[Collection(TransformCollection.Name)]
public sealed class RedactTests
{
    [Fact]
    public async Task PythonDriver_SeesMaskedColumns_ClusterKeepsTheData()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "Redact", "columns": ["pii.users.ssn", "pii.users.age"], "mask": "***", "keepLast": 2}]""");
        var j = await bed.RunAsync("transforms_privacy.py", "Redact");
        Assert.Equal("""[[1,"ann","***89",null]]""", j.GetProperty("simple").GetRawText().Replace(" ", ""));
        // Prepared reads come back without metadata (skip_metadata): the proxy uses the PREPARE's columns.
        Assert.Equal("""["ann","***89",null]""", j.GetProperty("prepared").GetRawText().Replace(" ", ""));
        Assert.Equal("""["ann","123-45-6789",41]""", j.GetProperty("node").GetRawText().Replace(" ", ""));
    }
}
