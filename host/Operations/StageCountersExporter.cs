using Prometheus;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Operations;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// Copies the counters stages keep themselves (<see cref="IStageCounters"/>: QueryCounter, Cache) into /metrics at
/// scrape time, as <c>scriptproxy_&lt;family&gt;_total{stage,...}</c> counters or gauges. Requests never touch it: a stage
/// counts once, in its own lock-free counters, and this reads them when Prometheus asks. Series follow the stages:
/// a stage rebuilt as a new instance (or a counter that went back, e.g. QueryCounter.Reset) restarts its series from
/// the new values, which Prometheus reads as a counter reset; series no longer reported are removed.
/// </summary>
internal sealed class StageCountersExporter(MetricFactory factory)
{
    private readonly object _gate = new(); // scrapes may overlap; the request path never takes it
    private readonly Dictionary<string, Collector> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Metric, string Key), (Collector Family, string[] Labels)> _exported = [];

    /// <summary>Brings the exported series in line with the stages' counters now.</summary>
    /// <param name="stages">Each stage's unique name and live instance (see <c>PipelineManager.LiveStages</c>).</param>
    public void Export(IEnumerable<(string Name, IStage? Stage)> stages)
    {
        lock (_gate)
        {
            var seen = new HashSet<(string, string)>();
            var reporting = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, stage) in stages)
            {
                if (stage is not IStageCounters counters) continue;
                if (_instances.TryGetValue(name, out var previous) && !ReferenceEquals(previous, stage)) RemoveStage(name);
                _instances[name] = stage;
                reporting.Add(name);
                foreach (var sample in counters.ReadCounters())
                {
                    string[] labels = [name, .. sample.LabelValues];
                    var family = Family(sample.Family);
                    string metric = MetricName(sample.Family);
                    var key = (metric, string.Join('\u001F', labels));
                    seen.Add(key);
                    _exported[key] = (family, labels);
                    if (family is Counter counter)
                    {
                        var child = counter.WithLabels(labels);
                        if (child.Value > sample.Value)
                        {
                            counter.RemoveLabelled(labels);
                            child = counter.WithLabels(labels);
                        }
                        child.IncTo(sample.Value);
                    }
                    else
                    {
                        ((Gauge)family).WithLabels(labels).Set(sample.Value);
                    }
                }
            }
            foreach (var key in _exported.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                Remove(_exported[key]);
                _exported.Remove(key);
            }
            // Forget instances no longer reported, so an old build is not kept alive by this map.
            foreach (var name in _instances.Keys.Where(n => !reporting.Contains(n)).ToList()) _instances.Remove(name);
        }
    }

    private void RemoveStage(string name)
    {
        foreach (var (key, series) in _exported.Where(e => e.Value.Labels[0] == name).ToList())
        {
            Remove(series);
            _exported.Remove(key);
        }
    }

    private static void Remove((Collector Family, string[] Labels) series)
    {
        if (series.Family is Counter counter) counter.RemoveLabelled(series.Labels);
        else ((Gauge)series.Family).RemoveLabelled(series.Labels);
    }

    private static string MetricName(StageCounterFamily family) => "scriptproxy_" + family.Name + (family.Monotonic ? "_total" : "");

    private Collector Family(StageCounterFamily family)
    {
        string metric = MetricName(family);
        if (_families.TryGetValue(metric, out var existing)) return existing;
        string[] labels = ["stage", .. family.LabelNames];
        Collector created = family.Monotonic ? factory.CreateCounter(metric, family.Help, labels) : factory.CreateGauge(metric, family.Help, labels);
        _families[metric] = created;
        return created;
    }
}
