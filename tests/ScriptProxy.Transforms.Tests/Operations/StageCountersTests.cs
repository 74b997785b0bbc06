using ScriptProxy.Transforms.Caching;
using ScriptProxy.Transforms.Observability;
using ScriptProxy.Transforms.Operations;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Operations;

public class StageCountersTests
{
    private static Dictionary<string, double> Read(IStageCounters stage) =>
        stage.ReadCounters().ToDictionary(s => s.Family.Name + "{" + string.Join(",", s.LabelValues) + "}", s => s.Value);

    [Fact]
    public async Task QueryCounter_reports_requests_and_errors_per_row_with_its_counter_name()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var counter = Stages.Create<QueryCounter>("""{"counterName": "app"}""");
        await c.Query("SELECT * FROM shop.users", counter);
        await c.Query("SELECT * FROM shop.users", counter);
        await c.Query("SELECT * FROM shop.nope", counter);
        var values = Read(counter);
        Assert.Equal(2, values["query_count{app,Read,shop,users}"]);
        Assert.Equal(0, values["query_errors{app,Read,shop,users}"]);
        Assert.Equal(1, values["query_errors{app,Read,shop,nope}"]);
        Assert.Equal(4, values.Count);
        Assert.All(counter.ReadCounters(), s => Assert.Equal(s.Family.LabelNames.Count, s.LabelValues.Count));
    }

    [Fact]
    public async Task Cache_reports_its_stats()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var cache = Stages.Create<ResultCache>("""{"tables": {"shop.users": ["id"]}}""");
        await c.Query("INSERT INTO shop.users (id, name) VALUES (1, 'ann')", cache);
        for (int i = 0; i < 3; i++) await c.Query("SELECT * FROM shop.users WHERE id = 1", cache);
        var values = Read(cache);
        Assert.Equal(2, values["cache_hits{}"]);
        Assert.Equal(1, values["cache_misses{}"]);
        Assert.Equal(1, values["cache_entries{}"]);
        Assert.False(cache.ReadCounters().Single(s => s.Family.Name == "cache_entries").Family.Monotonic);
    }
}
