using System.Text.Json;

namespace ScriptProxy.Host.Tests.Transforms.Operations;

/// <summary>
/// QueryCounter's and Cache's own counters on /metrics move by exactly the traffic a real Python driver sent; the two
/// QueryCounters are distinct stages (QueryCounter, QueryCounter#2) on /metrics and to the admin API.
/// </summary>
[Collection(TransformCollection.Name)]
public sealed class StageCountersOnMetricsTests
{
    private static string Count(string stage, string counter, string kind, string table, string metric = "scriptproxy_query_count_total") =>
        $$"""{{metric}}{stage="{{stage}}",counter="{{counter}}",kind="{{kind}}",keyspace="opsm",table="{{table}}"}""";

    [Fact]
    public async Task PythonDriver_QueryCountsAndCacheHitsOnMetrics_PerStage()
    {
        await using var bed = await TransformBed.StartAsync("""
            [{"builtin": "QueryCounter", "counterName": "outer"},
             {"builtin": "Cache", "tables": {"opsm.c": ["k"]}},
             {"builtin": "QueryCounter", "counterName": "inner"}]
            """);
        await using var admin = await bed.StartAdminAsync();
        var j = await bed.RunAsync("transforms_operations.py", "Metrics", admin);
        Assert.Equal("""["a","a","a","a","a","a","b","b"]""", j.GetProperty("reads").GetRawText().Replace(" ", ""));
        Assert.Equal("""["InvalidRequest","InvalidRequest"]""", j.GetProperty("errors").GetRawText().Replace(" ", ""));
        var delta = j.GetProperty("delta").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        string all = j.GetProperty("delta").GetRawText();
        // The outer counter sees everything; the inner one (after the Cache) only the reads the cache did not answer.
        var expected = new Dictionary<string, double>
        {
            [Count("QueryCounter", "outer", "Read", "c")] = 8,
            [Count("QueryCounter", "outer", "Write", "c")] = 4,
            [Count("QueryCounter", "outer", "Write", "w")] = 5,
            [Count("QueryCounter", "outer", "Read", "nope")] = 2,
            [Count("QueryCounter", "outer", "Read", "nope", "scriptproxy_query_errors_total")] = 2,
            [Count("QueryCounter#2", "inner", "Read", "c")] = 2,
            [Count("QueryCounter#2", "inner", "Write", "c")] = 4,
            [Count("QueryCounter#2", "inner", "Write", "w")] = 5,
            [Count("QueryCounter#2", "inner", "Read", "nope")] = 2,
            [Count("QueryCounter#2", "inner", "Read", "nope", "scriptproxy_query_errors_total")] = 2,
            ["""scriptproxy_cache_hits_total{stage="Cache"}"""] = 6,
            ["""scriptproxy_cache_misses_total{stage="Cache"}"""] = 2,
            ["""scriptproxy_cache_invalidations_total{stage="Cache"}"""] = 1,
        };
        foreach (var (series, value) in expected)
        {
            Assert.True(delta.TryGetValue(series, out double moved) && moved == value, $"{series}: expected +{value}, got {delta.GetValueOrDefault(series)}\n{all}");
        }
        // Nothing else about opsm moved (no double counting, no series under another name).
        Assert.All(delta.Keys.Where(k => k.Contains("keyspace=\"opsm\"", StringComparison.Ordinal)), k => Assert.True(expected.ContainsKey(k), $"unexpected {k}\n{all}"));
        Assert.Equal(0, delta.GetValueOrDefault("""scriptproxy_cache_evictions_total{stage="Cache"}"""));
        Assert.Equal(1, j.GetProperty("after").GetProperty("""scriptproxy_cache_entries{stage="Cache"}""").GetDouble());
        // The host's own per-stage series are per stage too: the outer QueryCounter was called for the 6 reads the Cache answered, the inner one not.
        double Invoked(string stage) => delta.GetValueOrDefault($$"""scriptproxy_stage_invocations_total{stage="{{stage}}",kind="builtin"}""");
        Assert.True(Invoked("QueryCounter#2") > 0, all);
        Assert.Equal(6, Invoked("QueryCounter") - Invoked("QueryCounter#2"));
        Assert.Equal(6, delta.GetValueOrDefault("""scriptproxy_stage_invocations_total{stage="Cache",kind="builtin"}""") - Invoked("QueryCounter#2"));

        // Disabling QueryCounter#2 through the admin API leaves QueryCounter counting; enabled again, both count.
        Assert.Equal(200, j.GetProperty("disable")[0].GetInt32());
        Assert.Equal("QueryCounter#2 disabled", j.GetProperty("disable")[1].GetProperty("message").GetString());
        Assert.Equal(new Dictionary<string, double> { [Count("QueryCounter", "outer", "Write", "w")] = 1 },
            j.GetProperty("while_disabled").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
        Assert.Equal(200, j.GetProperty("enable")[0].GetInt32());
        Assert.Equal(new Dictionary<string, double> { [Count("QueryCounter", "outer", "Write", "w")] = 1, [Count("QueryCounter#2", "inner", "Write", "w")] = 1 },
            j.GetProperty("after_enable").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
    }
}
