using Prometheus;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// Per-stage series on /metrics, read from the stages' own counters at scrape time (nothing is added to the
/// request path): invocations, faults, timeouts, bypassed requests, live version, state, and reloads; plus the
/// counters built-in stages keep themselves (QueryCounter, Cache: <see cref="StageCountersExporter"/>).
/// </summary>
public static class StageMetrics
{
    public static void Register(ProxyMetrics metrics, PipelineManager manager)
    {
        var factory = Metrics.WithCustomRegistry(metrics.Registry);
        string[] labels = ["stage", "kind"];
        var invocations = factory.CreateCounter("scriptproxy_stage_invocations_total", "Calls into the stage", labels);
        var faults = factory.CreateCounter("scriptproxy_stage_faults_total", "Exceptions thrown by the stage", labels);
        var timeouts = factory.CreateCounter("scriptproxy_stage_timeouts_total", "Calls that overran the stage's time budget", labels);
        var bypassed = factory.CreateCounter("scriptproxy_stage_bypassed_total", "Requests handled by the failure policy (quarantined or not built)", labels);
        var version = factory.CreateGauge("scriptproxy_stage_version", "Live version (build number) of the stage's code", labels);
        var quarantined = factory.CreateGauge("scriptproxy_stage_quarantined", "1 while the stage is quarantined", labels);
        var active = factory.CreateGauge("scriptproxy_stage_active", "1 while the stage runs its live version normally", labels);
        var shortCircuits = factory.CreateCounter("scriptproxy_stage_short_circuits_total", "Requests the stage answered itself", labels);
        var mutations = factory.CreateCounter("scriptproxy_stage_mutations_total", "Requests the stage changed", labels);
        var seconds = factory.CreateCounter("scriptproxy_stage_seconds_total", "Time in the stage's calls (including later stages and the upstream); divide by invocations for the mean", labels);
        var reloads = factory.CreateCounter("scriptproxy_reloads_total", "Stage builds, by result", "result");
        var pipeline = factory.CreateGauge("scriptproxy_pipeline_version", "Version number of the live pipeline");
        var stageCounters = new StageCountersExporter(factory);
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var s in manager.Status())
            {
                string kind = s.Kind.ToString().ToLowerInvariant();
                invocations.WithLabels(s.Name, kind).IncTo(s.Invocations);
                faults.WithLabels(s.Name, kind).IncTo(s.Faults);
                timeouts.WithLabels(s.Name, kind).IncTo(s.Timeouts);
                bypassed.WithLabels(s.Name, kind).IncTo(s.Bypassed);
                shortCircuits.WithLabels(s.Name, kind).IncTo(s.ShortCircuits);
                mutations.WithLabels(s.Name, kind).IncTo(s.Mutations);
                seconds.WithLabels(s.Name, kind).IncTo(s.TotalSeconds);
                version.WithLabels(s.Name, kind).Set(s.LiveVersion);
                quarantined.WithLabels(s.Name, kind).Set(s.State == StageState.Quarantined ? 1 : 0);
                active.WithLabels(s.Name, kind).Set(s.State == StageState.Active ? 1 : 0);
            }
            reloads.WithLabels("ok").IncTo(manager.ReloadsSucceeded);
            reloads.WithLabels("failed").IncTo(manager.ReloadsFailed);
            pipeline.Set(manager.Store.Current.Version);
            stageCounters.Export(manager.LiveStages());
        });
    }
}
