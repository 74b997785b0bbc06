namespace ScriptProxy.Host.Tests.Transforms.Rewriting;

/// <summary>KeyspaceRewrite with the real Python driver through the proxy: the client says "app", the cluster has "app_cluster".</summary>
[Collection(TransformCollection.Name)]
public sealed class KeyspaceRewriteTests
{
    [Fact]
    public async Task PythonDriver_WritesAndReadsLandInTheMappedKeyspace_ClientSeesItsOwnName()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "KeyspaceRewrite", "map": {"app": "app_cluster"}}]""");
        var j = await bed.RunAsync("transforms_rewriting.py", "KeyspaceRewrite");
        const string all = """[[1,"ann"],[2,"bob"],[3,"cy"],[4,"di"]]""";
        Assert.Equal(all, j.GetProperty("client_rows").GetRawText().Replace(" ", ""));
        Assert.Equal(all, j.GetProperty("node_rows").GetRawText().Replace(" ", ""));
        Assert.Equal("""["app_cluster"]""", j.GetProperty("node_keyspaces").GetRawText());
        // PREPARED metadata (variables and result columns) is mapped back to the client's name.
        Assert.Equal("app", j.GetProperty("prepared_keyspace").GetString());
        Assert.Equal("app", j.GetProperty("prepared_result_keyspace").GetString());
        Assert.Equal("""[2,"bob"]""", j.GetProperty("prepared_row").GetRawText().Replace(" ", ""));
        Assert.Equal(4, j.GetProperty("unqualified_rows").GetInt32());
    }
}
