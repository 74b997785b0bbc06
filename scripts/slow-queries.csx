// Logs statements slower than a threshold (measured at the proxy: the upstream's time plus later stages).
// proxy.json: { "script": "scripts/slow-queries.csx", "settings": { "thresholdMs": 100 } }
#r "../abstractions/bin/Debug/net10.0/ScriptProxy.Abstractions.dll"
using System.Diagnostics;

long thresholdMs = Setting("thresholdMs", 100L);

async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
{
    long start = Stopwatch.GetTimestamp();
    await next(exchange);
    var elapsed = Stopwatch.GetElapsedTime(start);
    if (elapsed.TotalMilliseconds >= thresholdMs)
    {
        var r = exchange.Request;
        string outcome = exchange.Response is { IsError: true } e ? $"error {e.ErrorCode}" : $"{exchange.Response?.RowCount ?? 0} rows";
        Log($"slow {r.Opcode} ({elapsed.TotalMilliseconds:0} ms, {r.Consistency}, {outcome}) from {exchange.Client}: {r.Query}");
    }
}
