using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Operations;

/// <summary>Logs one status line every interval while the proxy runs: connections, request rate, upstream health.</summary>
public sealed class StatusReporter(ProxyMetrics metrics, ILogger log, TimeSpan interval)
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
                log.LogInformation("status: {Connections} connections, {Rate:F0} req/s, {Total:F0} requests total, {Lost:F0} upstream connections lost",
                    metrics.ConnectionsOpen.Value, rate, requests, metrics.UpstreamLost.Value);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
