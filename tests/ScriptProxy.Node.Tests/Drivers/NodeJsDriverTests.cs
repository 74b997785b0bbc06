namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>The real DataStax Node.js driver (4.x, protocol v4 max) against the node with default settings.</summary>
public sealed class NodeJsDriverTests
{
    [Fact]
    public async Task CoreScenario_DefaultSettings_Works()
    {
        Assert.True(Directory.Exists(Path.Combine(DriverProcess.RepoRoot, "tests/drivers/node/node_modules/cassandra-driver")),
            "cassandra-driver is not installed: run `npm install` in tests/drivers/node (./test.sh does it)");
        await using var server = await NodeServer.StartAsync();
        var r = await DriverProcess.NodeJsAsync("core.js", TimeSpan.FromSeconds(90), server.Port.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(4, j.GetProperty("protocol").GetInt32());
        Assert.Contains("price:6", j.GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["cat"], j.GetProperty("partitionKeys").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["id"], j.GetProperty("clusteringKeys").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var row = j.GetProperty("row");
        Assert.Equal("item7", row.GetProperty("name").GetString());
        Assert.Equal("1.7", row.GetProperty("price").GetString());
        Assert.Equal(["all", "t1"], row.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("v7", row.GetProperty("attrs").GetProperty("k").GetString());
        Assert.Equal("2024-01-01T00:00:07.000Z", row.GetProperty("at").GetString());
        Assert.True(row.GetProperty("uid").GetBoolean());
        Assert.Equal("item8", j.GetProperty("hinted").GetString());
        Assert.Equal(Enumerable.Range(0, 30).ToArray(), j.GetProperty("paged").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(Enumerable.Range(0, 10).ToArray(), j.GetProperty("pages")[0].EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(Enumerable.Range(10, 10).ToArray(), j.GetProperty("pages")[1].EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal("[[1,\"renamed\"]]", j.GetProperty("batch").GetRawText().Replace(" ", ""));
        var lwt = j.GetProperty("lwt");
        Assert.True(lwt[0].GetBoolean());
        Assert.False(lwt[1].GetBoolean());
        Assert.Equal("a", lwt[2].GetString());
        var errors = j.GetProperty("errors");
        Assert.Equal(0x2000, errors.GetProperty("syntax")[0].GetInt32());
        Assert.Equal(0x2200, errors.GetProperty("table")[0].GetInt32());
        Assert.Contains("Keyspace 'missing' does not exist", errors.GetProperty("keyspace")[1].GetString());
        Assert.True(j.GetProperty("dropped").GetBoolean());
    }
}
