namespace ScriptProxy.Transforms.Operations;

/// <summary>
/// A built-in stage that keeps counters of its own (QueryCounter, Cache) and lets the host export them, e.g. on
/// /metrics. The host reads them at scrape time, never on a request's path, so a stage counts only once, in its own
/// lock-free counters. Kept here rather than in abstractions: only the built-in transforms implement it so far, and
/// abstractions (the plugin contract) should only grow for what plugins need.
/// </summary>
public interface IStageCounters
{
    /// <summary>The counters' current values (each read atomically); called by the host at scrape time.</summary>
    IEnumerable<StageCounterSample> ReadCounters();
}
