using Prometheus;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Host.Operations;
using ScriptProxy.Transforms.Operations;

namespace ScriptProxy.Host.Tests.Transforms.Operations;

/// <summary>The exported series follow the stage instances: a new instance restarts them, a gone one removes them.</summary>
public sealed class StageCountersExporterTests
{
    private static readonly StageCounterFamily Family = new("test_things", "Things", true, ["part"]);

    private sealed class Counting(double value) : IStage, IStageCounters
    {
        public double Value { get; set; } = value;

        public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => next(exchange);

        public IEnumerable<StageCounterSample> ReadCounters() => [new(Family, ["a"], Value)];
    }

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task RebuiltStageRestartsItsSeries_RemovedStageLosesThem_OthersAreKept()
    {
        var registry = Metrics.NewCustomRegistry();
        var exporter = new StageCountersExporter(Metrics.WithCustomRegistry(registry));
        var first = new Counting(10);
        var other = new Counting(7);
        exporter.Export([("S", first), ("T", other), ("not built", null)]);
        string text = await ScrapeAsync(registry);
        Assert.Contains("scriptproxy_test_things_total{stage=\"S\",part=\"a\"} 10", text);
        Assert.Contains("scriptproxy_test_things_total{stage=\"T\",part=\"a\"} 7", text);

        // A rebuild: a new instance whose counters started again, already past the old value's reach or not.
        first.Value = 12;
        exporter.Export([("S", new Counting(3)), ("T", other)]);
        text = await ScrapeAsync(registry);
        Assert.Contains("scriptproxy_test_things_total{stage=\"S\",part=\"a\"} 3", text);
        Assert.Contains("scriptproxy_test_things_total{stage=\"T\",part=\"a\"} 7", text);

        // A counter that went back in the same instance (QueryCounter.Reset) restarts too; a stage gone loses its series.
        other.Value = 2;
        exporter.Export([("T", other)]);
        text = await ScrapeAsync(registry);
        Assert.DoesNotContain("stage=\"S\"", text);
        Assert.Contains("scriptproxy_test_things_total{stage=\"T\",part=\"a\"} 2", text);
    }
}
