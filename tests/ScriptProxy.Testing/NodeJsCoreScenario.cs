using System.Text.Json;

namespace ScriptProxy.Testing;

/// <summary>What tests/drivers/node/core.js must report, whether it ran against the node directly or through the proxy.</summary>
public static class NodeJsCoreScenario
{
    public static void Assert(JsonElement j)
    {
        Xunit.Assert.Equal(4, j.GetProperty("protocol").GetInt32());
        Xunit.Assert.Contains("price:6", j.GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
        Xunit.Assert.Equal(["cat"], j.GetProperty("partitionKeys").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Xunit.Assert.Equal(["id"], j.GetProperty("clusteringKeys").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var row = j.GetProperty("row");
        Xunit.Assert.Equal("item7", row.GetProperty("name").GetString());
        Xunit.Assert.Equal("1.7", row.GetProperty("price").GetString());
        Xunit.Assert.Equal(["all", "t1"], row.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Xunit.Assert.Equal("v7", row.GetProperty("attrs").GetProperty("k").GetString());
        Xunit.Assert.Equal("2024-01-01T00:00:07.000Z", row.GetProperty("at").GetString());
        Xunit.Assert.True(row.GetProperty("uid").GetBoolean());
        Xunit.Assert.Equal("item8", j.GetProperty("hinted").GetString());
        Xunit.Assert.Equal(Enumerable.Range(0, 30).ToArray(), j.GetProperty("paged").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal(Enumerable.Range(0, 10).ToArray(), j.GetProperty("pages")[0].EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal(Enumerable.Range(10, 10).ToArray(), j.GetProperty("pages")[1].EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal("[[1,\"renamed\"]]", j.GetProperty("batch").GetRawText().Replace(" ", ""));
        var lwt = j.GetProperty("lwt");
        Xunit.Assert.True(lwt[0].GetBoolean());
        Xunit.Assert.False(lwt[1].GetBoolean());
        Xunit.Assert.Equal("a", lwt[2].GetString());
        var errors = j.GetProperty("errors");
        Xunit.Assert.Equal(0x2000, errors.GetProperty("syntax")[0].GetInt32());
        Xunit.Assert.Equal(0x2200, errors.GetProperty("table")[0].GetInt32());
        Xunit.Assert.Contains("Keyspace 'missing' does not exist", errors.GetProperty("keyspace")[1].GetString());
        Xunit.Assert.True(j.GetProperty("dropped").GetBoolean());
    }
}
