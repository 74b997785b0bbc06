using System.Diagnostics;
using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Client;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>
/// Hot reload save-to-live latency: a proxy runs a C# stage that answers a probe query with its own version; the
/// script file is rewritten with the next version and the probe is sent every millisecond until the new version
/// answers. Repeated N times; RSS is read before the first and after the last reload (after a settle pause),
/// and again after the stage itself forced a full compacting GC (the GC probe query): that tells a leak (memory
/// that stays) from garbage the GC had not collected yet.
/// </summary>
internal static class ReloadBenchmark
{
    private const string Probe = "SELECT key FROM system.local WHERE key = 'reload-probe'";
    private const string GcProbe = "SELECT key FROM system.local WHERE key = 'gc-probe'";

    public static async Task<ReloadResult> RunAsync(string hostDll, string folder, IPEndPoint node, int reloads, List<ChildProcess> children, CancellationToken cancellationToken)
    {
        // A generous budget: the GC probe runs a full blocking collection inside the stage.
        var scenario = new Scenario("reload", ScenarioKind.Proxy, """[{ "script": "probe.csx", "timeoutMs": 30000 }]""", [("probe.csx", Script(0))]);
        var listen = FreePort.Next();
        string config = ProxyConfigWriter.Write(folder, listen, node, scenario, reload: true);
        string script = Path.Combine(folder, "probe.csx");
        using var proxy = ChildProcess.Start("proxy reload", "dotnet", [hostDll, "run", "--config", config], folder);
        children.Add(proxy);
        try
        {
            await proxy.WaitForPortAsync(listen, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            string first = proxy.FirstProblem(e.Message);
            return new ReloadResult { Reloads = reloads, Skipped = $"not available yet: {first.Trim()}" };
        }
        await using var connection = await CqlConnection.ConnectAsync(listen, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (await VersionAsync(connection).ConfigureAwait(false) != 0)
            return new ReloadResult { Reloads = reloads, Skipped = "the probe stage did not answer (stages not available?)" };
        long rssBefore = ProcessStats.Read(proxy.Pid).RssBytes;
        long heapBeforeGc = await ForcedGcHeapAsync(connection).ConfigureAwait(false);
        long rssBeforeGc = ProcessStats.Read(proxy.Pid).RssBytes;
        var latencies = new List<double>(reloads);
        for (int version = 1; version <= reloads; version++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long saved = Stopwatch.GetTimestamp();
            await File.WriteAllTextAsync(script, Script(version), cancellationToken).ConfigureAwait(false);
            while (Stopwatch.GetElapsedTime(saved) < TimeSpan.FromSeconds(10))
            {
                if (await VersionAsync(connection).ConfigureAwait(false) == version)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(saved).TotalMilliseconds);
                    break;
                }
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
            if (version % 100 == 0) ScenarioRunner.Log($"reload {version}/{reloads}: last {latencies.LastOrDefault():0.0} ms");
        }
        await Task.Delay(2000, cancellationToken).ConfigureAwait(false);
        long rssAfter = ProcessStats.Read(proxy.Pid).RssBytes;
        long heapAfterGc = await ForcedGcHeapAsync(connection).ConfigureAwait(false);
        long rssAfterGc = ProcessStats.Read(proxy.Pid).RssBytes;
        latencies.Sort();
        return new ReloadResult
        {
            Reloads = reloads,
            Observed = latencies.Count,
            P50Ms = Stats.Percentile(latencies, 0.50),
            P99Ms = Stats.Percentile(latencies, 0.99),
            MaxMs = latencies.Count > 0 ? latencies[^1] : 0,
            RssBeforeBytes = rssBefore,
            RssAfterBytes = rssAfter,
            RssBeforeGcBytes = rssBeforeGc,
            RssAfterGcBytes = rssAfterGc,
            HeapBeforeGcBytes = heapBeforeGc,
            HeapAfterGcBytes = heapAfterGc,
        };
    }

    private static string Script(int version) =>
        "ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)\n" +
        "{\n" +
        $"    if (exchange.Request.Query == \"{GcProbe}\")\n" +
        "    {\n" +
        "        // Twice, with finalizers in between: unloaded load contexts need a finalizer pass to go.\n" +
        "        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);\n" +
        "        GC.WaitForPendingFinalizers();\n" +
        "        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);\n" +
        "        exchange.Respond(ErrorCode.Invalid, \"gc-\" + GC.GetTotalMemory(false));\n" +
        "        return ValueTask.CompletedTask;\n" +
        "    }\n" +
        $"    if (exchange.Request.Query == \"{Probe}\")\n" +
        "    {\n" +
        $"        exchange.Respond(ErrorCode.Invalid, \"reload-v{version}\");\n" +
        "        return ValueTask.CompletedTask;\n" +
        "    }\n" +
        "    return next(exchange);\n" +
        "}\n";

    /// <summary>Has the stage force a full GC in the proxy; returns the managed heap after it (0 if it did not answer).</summary>
    private static async Task<long> ForcedGcHeapAsync(CqlConnection connection)
    {
        var response = await connection.SendAsync(new QueryRequest(GcProbe)).ConfigureAwait(false);
        return response is ErrorResponse e && e.Message.StartsWith("gc-", StringComparison.Ordinal) && long.TryParse(e.Message.AsSpan(3), out long heap) ? heap : 0;
    }

    /// <summary>The stage version answering the probe, or -1 when something else answered.</summary>
    private static async Task<int> VersionAsync(CqlConnection connection)
    {
        var response = await connection.SendAsync(new QueryRequest(Probe)).ConfigureAwait(false);
        return response is ErrorResponse e && e.Message.StartsWith("reload-v", StringComparison.Ordinal) && int.TryParse(e.Message.AsSpan(8), out int v) ? v : -1;
    }
}
