namespace ScriptProxy.Host.Tests.Transforms.Filtering;

/// <summary>QueryTypeFilter with the real Python driver through the proxy to an embedded node.</summary>
[Collection(TransformCollection.Name)]
public sealed class QueryTypeFilterTests
{
    [Fact]
    public async Task PythonDriver_WriteDenyCoversPreparedInsertsAndBatches_OtherTrafficPasses()
    {
        await using var bed = await TransformBed.StartAsync("""
            [{"builtin": "QueryTypeFilter", "deny": ["Write"], "keyspaces": ["locked"], "checkPrepare": false},
             {"builtin": "QueryTypeFilter", "deny": ["SchemaChange"], "tables": ["locked.frozen"]}]
            """);
        var j = await bed.RunAsync("transforms_filtering.py", "QueryTypeFilter");
        Assert.Equal(5, j.GetProperty("protocol").GetInt32());
        Assert.Equal("Unauthorized", j.GetProperty("locked_prepared_insert").GetString());
        // Schema changes are scoped by keyspace and table too (they had no target before).
        Assert.Equal("Unauthorized", j.GetProperty("frozen_create").GetString());
        Assert.Equal("Unauthorized", j.GetProperty("locked_simple_insert").GetString());
        Assert.Equal("Unauthorized", j.GetProperty("locked_update").GetString());
        Assert.Equal("Unauthorized", j.GetProperty("locked_batch").GetString());
        Assert.Equal("""[[100,"seeded"]]""", Compact(j, "locked_rows"));
        Assert.Equal("""[[100,"seeded"]]""", Compact(j, "node_locked_rows"));
        Assert.Equal("ok", j.GetProperty("open_simple_insert").GetString());
        Assert.Equal("ok", j.GetProperty("open_prepared_insert").GetString());
        Assert.Equal("ok", j.GetProperty("open_batch").GetString());
        Assert.Equal("seeded", j.GetProperty("locked_prepared_read").GetString());
        Assert.Equal("""[[1,"x"],[2,"y"],[5,"z"],[6,"w"]]""", Compact(j, "open_rows"));
    }

    private static string Compact(System.Text.Json.JsonElement j, string name) => j.GetProperty(name).GetRawText().Replace(" ", "");
}
