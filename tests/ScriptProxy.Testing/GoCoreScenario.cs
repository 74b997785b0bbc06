using System.Text.Json;

namespace ScriptProxy.Testing;

/// <summary>What tests/drivers/go/core must report, whether it ran against the node directly or through the proxy.</summary>
public static class GoCoreScenario
{
    public static void Assert(JsonElement j, int protocol)
    {
        Xunit.Assert.Equal(protocol, j.GetProperty("protocol").GetInt32());
        var row = j.GetProperty("row");
        Xunit.Assert.Equal("item7", row.GetProperty("name").GetString());
        Xunit.Assert.Equal(70_000_000_000L, row.GetProperty("qty").GetInt64());
        Xunit.Assert.Equal("1.07", row.GetProperty("price").GetString());
        Xunit.Assert.Equal(["all", "t1"], Strings(row.GetProperty("tags")));
        Xunit.Assert.Equal("v7", row.GetProperty("attrs").GetProperty("k").GetString());
        Xunit.Assert.Equal("2024-01-01T00:00:07Z", row.GetProperty("at").GetString());
        Xunit.Assert.True(row.GetProperty("uid").GetBoolean());
        Xunit.Assert.Equal("07ff", row.GetProperty("data").GetString());
        Xunit.Assert.False(row.GetProperty("flag").GetBoolean());
        Xunit.Assert.Equal(7.5, row.GetProperty("score").GetDouble());

        Xunit.Assert.Equal(Enumerable.Range(0, 30).ToArray(), Ints(j.GetProperty("paged")));
        Xunit.Assert.Equal(Enumerable.Range(0, 10).ToArray(), Ints(j.GetProperty("pages")[0]));
        Xunit.Assert.Equal(Enumerable.Range(10, 10).ToArray(), Ints(j.GetProperty("pages")[1]));
        Xunit.Assert.Equal("""[[1,"renamed"]]""", j.GetProperty("batch").GetRawText().Replace(" ", ""));
        Xunit.Assert.Equal(2, j.GetProperty("unlogged").GetInt32());
        // IF NOT EXISTS applied, then not (with the existing row's name), then IF name = 'zzz' not applied (current 'a').
        Xunit.Assert.Equal("""[true,false,"a",false,"a"]""", j.GetProperty("lwt").GetRawText().Replace(" ", ""));
        // A failed conditional batch: one row per row its conditions read, in clustering order.
        Xunit.Assert.False(j.GetProperty("casBatch").GetProperty("applied").GetBoolean());
        Xunit.Assert.Equal("""[[3,"item3"],[4,"item4"]]""", j.GetProperty("casBatch").GetProperty("rows").GetRawText().Replace(" ", ""));
        Xunit.Assert.Equal("item9", j.GetProperty("useKeyspace").GetString());

        // Traced statements (gocql traces the PREPARE and the EXECUTE): each response's tracing id names a complete
        // system_traces session.
        var traced = j.GetProperty("traced");
        Xunit.Assert.Equal("item5", traced.GetProperty("name").GetString());
        var traces = traced.GetProperty("traces").EnumerateArray().ToList();
        Xunit.Assert.True(traces.Count >= 2, traced.GetRawText());
        foreach (var trace in traces)
        {
            Xunit.Assert.False(trace.TryGetProperty("error", out _), trace.GetRawText());
            Xunit.Assert.Equal(16, trace.GetProperty("idBytes").GetInt32());
            Xunit.Assert.Equal("127.0.0.1", trace.GetProperty("coordinator").GetString());
            Xunit.Assert.True(trace.GetProperty("durationPositive").GetBoolean());
            Xunit.Assert.Equal("Request complete", trace.GetProperty("lastEvent").GetString());
        }
        Xunit.Assert.Contains(traces, t => t.GetProperty("request").GetString() == "Execute CQL3 prepared query"
            && t.GetProperty("query").GetString() == "SELECT name FROM gks.items WHERE cat = ? AND id = ?");

        var errors = j.GetProperty("errors");
        Xunit.Assert.Equal(0x2000, errors.GetProperty("syntax")[0].GetInt32());
        Xunit.Assert.Equal(0x2200, errors.GetProperty("table")[0].GetInt32());
        Xunit.Assert.Equal("unconfigured table missing", errors.GetProperty("table")[1].GetString());
        Xunit.Assert.Equal(0x2200, errors.GetProperty("keyspace")[0].GetInt32());
        Xunit.Assert.Contains("Keyspace 'missing' does not exist", errors.GetProperty("keyspace")[1].GetString());

        var metadata = j.GetProperty("metadata");
        Xunit.Assert.True(metadata.GetProperty("durable").GetBoolean());
        Xunit.Assert.Equal("org.apache.cassandra.locator.SimpleStrategy", metadata.GetProperty("strategy").GetString());
        Xunit.Assert.Equal("1", metadata.GetProperty("options").GetProperty("replication_factor").GetString());
        Xunit.Assert.Equal(["cat"], Strings(metadata.GetProperty("partitionKey")));
        Xunit.Assert.Equal(["id"], Strings(metadata.GetProperty("clustering")));
        Xunit.Assert.Equal(
            ["at:timestamp", "attrs:map", "cat:text", "data:blob", "flag:boolean", "id:int", "name:text", "price:decimal", "qty:bigint",
             "score:double", "tags:set", "uid:uuid"],
            Strings(metadata.GetProperty("columns")));

        // gocql's control connection sends OPTIONS as a heartbeat; each must get SUPPORTED back.
        Xunit.Assert.True(j.GetProperty("heartbeats").GetInt32() >= 1, "a heartbeat was answered");
        var frames = j.GetProperty("frames");
        Xunit.Assert.Equal([protocol.ToString()], frames.GetProperty("versions").EnumerateObject().Select(p => p.Name).ToArray());
        // gocql numbers its streams 1, 64, 128, ...: answers must come back on those ids.
        Xunit.Assert.True(frames.GetProperty("maxStream").GetInt32() >= 128, frames.GetRawText());
        Xunit.Assert.Equal(3, frames.GetProperty("errors").GetInt32());
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
