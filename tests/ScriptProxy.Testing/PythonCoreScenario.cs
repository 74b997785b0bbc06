using System.Text.Json;

namespace ScriptProxy.Testing;

/// <summary>What tests/drivers/python/core.py must report, whether it ran against the node directly or through the proxy.</summary>
public static class PythonCoreScenario
{
    public static void Assert(JsonElement j)
    {
        Xunit.Assert.Equal(["alltypes", "events"], j.GetProperty("tables").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var cols = j.GetProperty("alltypes_columns");
        Xunit.Assert.Equal("map<text, int>", cols.GetProperty("m").GetString());
        Xunit.Assert.Equal("frozen<address>", cols.GetProperty("addr").GetString());
        Xunit.Assert.Equal("frozen<tuple<int, text>>", cols.GetProperty("tup").GetString());
        Xunit.Assert.Equal("duration", cols.GetProperty("du").GetString());
        Xunit.Assert.Equal(["pk"], j.GetProperty("events_pk").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Xunit.Assert.True(j.GetProperty("events_ck_order").GetBoolean());
        Xunit.Assert.True(j.GetProperty("events_static").GetBoolean());
        Xunit.Assert.Equal("evts", j.GetProperty("events_comment").GetString());
        Xunit.Assert.Contains("system_schema", j.GetProperty("system_keyspaces").EnumerateArray().Select(e => e.GetString()));

        var lit = j.GetProperty("literal_row");
        Xunit.Assert.Equal("asc", lit.GetProperty("a").GetString());
        Xunit.Assert.Equal(long.MaxValue, lit.GetProperty("b").GetInt64());
        Xunit.Assert.Equal("cafe", lit.GetProperty("bl").GetString());
        Xunit.Assert.Equal("2024-02-29", lit.GetProperty("d").GetString());
        Xunit.Assert.Equal("123.456", lit.GetProperty("de").GetString());
        Xunit.Assert.Equal(5_400_000_000_000, lit.GetProperty("du")[2].GetInt64());
        Xunit.Assert.Equal("10.0.0.1", lit.GetProperty("i").GetString());
        Xunit.Assert.Equal("hé'llo", lit.GetProperty("t").GetString());
        Xunit.Assert.Equal("13:14:15.123456789", lit.GetProperty("tm").GetString());
        Xunit.Assert.StartsWith("2024-01-02T03:04:05.678", lit.GetProperty("ts").GetString());
        Xunit.Assert.Equal(1, lit.GetProperty("tu_version").GetInt32());
        Xunit.Assert.Equal(-128, lit.GetProperty("ti").GetInt32());
        Xunit.Assert.Equal("123456789012345678901234567890", lit.GetProperty("vi").GetString());
        Xunit.Assert.Equal([3, 1, 2], lit.GetProperty("l").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal(["a", "z"], lit.GetProperty("st").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Xunit.Assert.Equal(2, lit.GetProperty("m").GetProperty("k2").GetInt32());
        Xunit.Assert.Equal("seven", lit.GetProperty("tup")[1].GetString());
        Xunit.Assert.Equal(12345, lit.GetProperty("addr")[1].GetInt32());

        var b = j.GetProperty("bound_row");
        Xunit.Assert.Equal(-5, b.GetProperty("b").GetInt64());
        Xunit.Assert.Equal("0001", b.GetProperty("bl").GetString());
        Xunit.Assert.Equal("1999-12-31", b.GetProperty("d").GetString());
        Xunit.Assert.Equal("-0.001", b.GetProperty("de").GetString());
        Xunit.Assert.Equal("::1", b.GetProperty("i").GetString());
        Xunit.Assert.Equal(1000, b.GetProperty("tm").GetInt64());
        Xunit.Assert.True(b.GetProperty("tu").GetBoolean());
        Xunit.Assert.Equal("1000000000000000000000000000000", b.GetProperty("vi").GetString());
        Xunit.Assert.StartsWith("2020-05-06T07:08:09.123", b.GetProperty("ts").GetString());
        Xunit.Assert.Equal([0], j.GetProperty("prepared_pk_indexes").EnumerateArray().Select(e => e.GetInt32()).ToArray());

        var u = j.GetProperty("after_update");
        Xunit.Assert.Equal([0, 3, 1, 2, 4], u.GetProperty("l").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal(["a", "b"], u.GetProperty("st").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Xunit.Assert.Equal("{\"k3\": 3}".Replace(" ", ""), u.GetProperty("m").GetRawText().Replace(" ", ""));
        Xunit.Assert.Equal("upd", u.GetProperty("t").GetString());
        Xunit.Assert.Equal(JsonValueKind.Null, u.GetProperty("a").ValueKind);
        Xunit.Assert.Equal(5, j.GetProperty("counter").GetInt64());

        Xunit.Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], j.GetProperty("desc_order").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal([3, 4, 5], j.GetProperty("asc_range").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal([5, 1], j.GetProperty("in_ck").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal([9, 8], j.GetProperty("limit").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal(42, j.GetProperty("static").GetInt32());
        Xunit.Assert.Equal(10, j.GetProperty("count").GetInt64());
        Xunit.Assert.True(j.GetProperty("ttl_range").GetBoolean());
        Xunit.Assert.True(j.GetProperty("writetime_positive").GetBoolean());
        Xunit.Assert.Equal([7, 6, 5], j.GetProperty("after_range_delete").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.True(j.GetProperty("filtering_error").GetBoolean());
        Xunit.Assert.Equal([1], j.GetProperty("filtered").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Xunit.Assert.Equal("new", j.GetProperty("lww").GetString());

        var batch = j.GetProperty("batch_rows");
        Xunit.Assert.Equal("changed", batch.GetProperty("1").GetString());
        Xunit.Assert.Equal("two", batch.GetProperty("2").GetString());
        Xunit.Assert.Equal("n5", batch.GetProperty("5").GetString());

        var lwt = j.GetProperty("lwt");
        Xunit.Assert.True(lwt[0].GetBoolean());
        Xunit.Assert.False(lwt[1].GetBoolean());
        Xunit.Assert.Equal("first", lwt[2].GetString());
        Xunit.Assert.True(lwt[3].GetBoolean());
        Xunit.Assert.False(lwt[4].GetBoolean());
        Xunit.Assert.Equal("third", lwt[5].GetString());
        Xunit.Assert.False(lwt[6].GetBoolean());

        Xunit.Assert.Equal(10_002, j.GetProperty("paged_count").GetInt32());
        Xunit.Assert.Equal(10_002, j.GetProperty("paged_distinct").GetInt32());
        Xunit.Assert.Equal(300, j.GetProperty("first_page_size").GetInt32());
        Xunit.Assert.Equal(10_002, j.GetProperty("token_query").GetInt64());

        var errors = j.GetProperty("errors");
        Xunit.Assert.Equal(0x2000, errors.GetProperty("syntax")[0].GetInt32());
        Xunit.Assert.Equal(0x2200, errors.GetProperty("no_keyspace")[0].GetInt32());
        Xunit.Assert.Contains("Keyspace 'nope' does not exist", errors.GetProperty("no_keyspace")[1].GetString());
        Xunit.Assert.Contains("unconfigured table nope", errors.GetProperty("no_table")[1].GetString());
        Xunit.Assert.Equal(0x2200, errors.GetProperty("type")[0].GetInt32());
        Xunit.Assert.Contains("Some partition key parts are missing: id", errors.GetProperty("missing_pk")[1].GetString());
        Xunit.Assert.Equal(0x2400, errors.GetProperty("exists")[0].GetInt32());
        Xunit.Assert.Contains("ks.alltypes", errors.GetProperty("exists")[1].GetString());

        Xunit.Assert.True(j.GetProperty("after_alter").GetBoolean());
        Xunit.Assert.False(j.GetProperty("after_drop").GetBoolean());
        Xunit.Assert.False(j.GetProperty("after_drop_keyspace").GetBoolean());
    }
}
