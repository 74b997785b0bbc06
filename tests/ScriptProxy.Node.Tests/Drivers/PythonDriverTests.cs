using System.Text.Json;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>The real DataStax Python driver against the node, default settings (metadata sync on).</summary>
public sealed class PythonDriverTests
{
    private static async Task<JsonElement> RunCoreAsync(params string[] args)
    {
        await using var server = await NodeServer.StartAsync();
        var r = await DriverProcess.PythonAsync("core.py", TimeSpan.FromSeconds(150), [server.Port.ToString(), .. args]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Json;
    }

    [Fact]
    public async Task CoreScenario_DefaultSettings_Works()
    {
        var j = await RunCoreAsync();
        Assert.Equal(5, j.GetProperty("protocol").GetInt32());
        AssertCore(j);
    }

    [Theory]
    [InlineData("3", "none")]
    [InlineData("4", "lz4")]
    [InlineData("4", "snappy")]
    [InlineData("5", "lz4")]
    public async Task CoreScenario_ProtocolAndCompression_Works(string protocol, string compression)
    {
        var j = await RunCoreAsync(protocol, compression);
        Assert.Equal(int.Parse(protocol), j.GetProperty("protocol").GetInt32());
        AssertCore(j);
    }

    internal static void AssertCore(JsonElement j)
    {
        Assert.Equal(["alltypes", "events"], j.GetProperty("tables").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var cols = j.GetProperty("alltypes_columns");
        Assert.Equal("map<text, int>", cols.GetProperty("m").GetString());
        Assert.Equal("frozen<address>", cols.GetProperty("addr").GetString());
        Assert.Equal("frozen<tuple<int, text>>", cols.GetProperty("tup").GetString());
        Assert.Equal("duration", cols.GetProperty("du").GetString());
        Assert.Equal(["pk"], j.GetProperty("events_pk").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.True(j.GetProperty("events_ck_order").GetBoolean());
        Assert.True(j.GetProperty("events_static").GetBoolean());
        Assert.Equal("evts", j.GetProperty("events_comment").GetString());
        Assert.Contains("system_schema", j.GetProperty("system_keyspaces").EnumerateArray().Select(e => e.GetString()));

        var lit = j.GetProperty("literal_row");
        Assert.Equal("asc", lit.GetProperty("a").GetString());
        Assert.Equal(long.MaxValue, lit.GetProperty("b").GetInt64());
        Assert.Equal("cafe", lit.GetProperty("bl").GetString());
        Assert.Equal("2024-02-29", lit.GetProperty("d").GetString());
        Assert.Equal("123.456", lit.GetProperty("de").GetString());
        Assert.Equal(5_400_000_000_000, lit.GetProperty("du")[2].GetInt64());
        Assert.Equal("10.0.0.1", lit.GetProperty("i").GetString());
        Assert.Equal("hé'llo", lit.GetProperty("t").GetString());
        Assert.Equal("13:14:15.123456789", lit.GetProperty("tm").GetString());
        Assert.StartsWith("2024-01-02T03:04:05.678", lit.GetProperty("ts").GetString());
        Assert.Equal(1, lit.GetProperty("tu_version").GetInt32());
        Assert.Equal(-128, lit.GetProperty("ti").GetInt32());
        Assert.Equal("123456789012345678901234567890", lit.GetProperty("vi").GetString());
        Assert.Equal([3, 1, 2], lit.GetProperty("l").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(["a", "z"], lit.GetProperty("st").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(2, lit.GetProperty("m").GetProperty("k2").GetInt32());
        Assert.Equal("seven", lit.GetProperty("tup")[1].GetString());
        Assert.Equal(12345, lit.GetProperty("addr")[1].GetInt32());

        var b = j.GetProperty("bound_row");
        Assert.Equal(-5, b.GetProperty("b").GetInt64());
        Assert.Equal("0001", b.GetProperty("bl").GetString());
        Assert.Equal("1999-12-31", b.GetProperty("d").GetString());
        Assert.Equal("-0.001", b.GetProperty("de").GetString());
        Assert.Equal("::1", b.GetProperty("i").GetString());
        Assert.Equal(1000, b.GetProperty("tm").GetInt64());
        Assert.True(b.GetProperty("tu").GetBoolean());
        Assert.Equal("1000000000000000000000000000000", b.GetProperty("vi").GetString());
        Assert.StartsWith("2020-05-06T07:08:09.123", b.GetProperty("ts").GetString());
        Assert.Equal([0], j.GetProperty("prepared_pk_indexes").EnumerateArray().Select(e => e.GetInt32()).ToArray());

        var u = j.GetProperty("after_update");
        Assert.Equal([0, 3, 1, 2, 4], u.GetProperty("l").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(["a", "b"], u.GetProperty("st").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("{\"k3\": 3}".Replace(" ", ""), u.GetProperty("m").GetRawText().Replace(" ", ""));
        Assert.Equal("upd", u.GetProperty("t").GetString());
        Assert.Equal(JsonValueKind.Null, u.GetProperty("a").ValueKind);
        Assert.Equal(5, j.GetProperty("counter").GetInt64());

        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], j.GetProperty("desc_order").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal([3, 4, 5], j.GetProperty("asc_range").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal([5, 1], j.GetProperty("in_ck").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal([9, 8], j.GetProperty("limit").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(42, j.GetProperty("static").GetInt32());
        Assert.Equal(10, j.GetProperty("count").GetInt64());
        Assert.True(j.GetProperty("ttl_range").GetBoolean());
        Assert.True(j.GetProperty("writetime_positive").GetBoolean());
        Assert.Equal([7, 6, 5], j.GetProperty("after_range_delete").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.True(j.GetProperty("filtering_error").GetBoolean());
        Assert.Equal([1], j.GetProperty("filtered").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal("new", j.GetProperty("lww").GetString());

        var batch = j.GetProperty("batch_rows");
        Assert.Equal("changed", batch.GetProperty("1").GetString());
        Assert.Equal("two", batch.GetProperty("2").GetString());
        Assert.Equal("n5", batch.GetProperty("5").GetString());

        var lwt = j.GetProperty("lwt");
        Assert.True(lwt[0].GetBoolean());
        Assert.False(lwt[1].GetBoolean());
        Assert.Equal("first", lwt[2].GetString());
        Assert.True(lwt[3].GetBoolean());
        Assert.False(lwt[4].GetBoolean());
        Assert.Equal("third", lwt[5].GetString());
        Assert.False(lwt[6].GetBoolean());

        Assert.Equal(10_002, j.GetProperty("paged_count").GetInt32());
        Assert.Equal(10_002, j.GetProperty("paged_distinct").GetInt32());
        Assert.Equal(300, j.GetProperty("first_page_size").GetInt32());
        Assert.Equal(10_002, j.GetProperty("token_query").GetInt64());

        var errors = j.GetProperty("errors");
        Assert.Equal(0x2000, errors.GetProperty("syntax")[0].GetInt32());
        Assert.Equal(0x2200, errors.GetProperty("no_keyspace")[0].GetInt32());
        Assert.Contains("Keyspace 'nope' does not exist", errors.GetProperty("no_keyspace")[1].GetString());
        Assert.Contains("unconfigured table nope", errors.GetProperty("no_table")[1].GetString());
        Assert.Equal(0x2200, errors.GetProperty("type")[0].GetInt32());
        Assert.Contains("Some partition key parts are missing: id", errors.GetProperty("missing_pk")[1].GetString());
        Assert.Equal(0x2400, errors.GetProperty("exists")[0].GetInt32());
        Assert.Contains("ks.alltypes", errors.GetProperty("exists")[1].GetString());

        Assert.True(j.GetProperty("after_alter").GetBoolean());
        Assert.False(j.GetProperty("after_drop").GetBoolean());
        Assert.False(j.GetProperty("after_drop_keyspace").GetBoolean());
    }
}
