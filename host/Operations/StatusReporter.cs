using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Operations;

/// <summary>Logs one status line every interval while the proxy runs: connections, request rate, p99 of the interval, stages.</summary>
public sealed class StatusReporter(ProxyMetrics metrics, ILogger log, TimeSpan interval, PipelineManager? stages = null)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval);
        double lastRequests = metrics.TotalRequests;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                double requests = metrics.TotalRequests;
                double rate = (requests - lastRequests) / interval.TotalSeconds;
                lastRequests = requests;
                var (answered, p99) = metrics.Latency.TakeInterval(0.99);
                log.LogInformation("status: {Connections} connections, {Rate:F0} req/s, p99 {P99:F2} ms over {Answered} responses, {Lost:F0} upstream connections lost, stages: {Stages}",
                    metrics.ConnectionsOpen.Value, rate, p99.TotalMilliseconds, answered, metrics.UpstreamLost.Value, Describe(stages));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>"none", or e.g. "5 active" / "4 active, 1 quarantined".</summary>
    public static string Describe(PipelineManager? stages)
    {
        if (stages is null) return "none";
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in stages.Status())
        {
            string state = s.State.ToString().ToLowerInvariant();
            counts[state] = counts.GetValueOrDefault(state) + 1;
        }
        return counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));
    }
}
