using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>Writes a proxy.json (and the stage files it names) for one scenario into its own folder.</summary>
internal static class ProxyConfigWriter
{
    /// <param name="generousBudgets">
    /// Stage budgets and JS time limits of 5 s instead of the shipped 100 ms / 50 ms. For `quick` (the CI smoke run,
    /// which asserts no errors): a thread that gets no CPU for 100 ms on a loaded machine is answered "exceeded its
    /// budget" by design, which is not what the smoke run checks. Full runs keep the shipped budgets.
    /// </param>
    public static string Write(string folder, IPEndPoint listen, IPEndPoint upstream, Scenario scenario, bool reload = false, bool generousBudgets = false)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in scenario.Files ?? []) File.WriteAllText(Path.Combine(folder, name), content);
        string? stageArray = scenario.Stages is { } declared && generousBudgets ? WithBudgets(declared) : scenario.Stages;
        string stages = stageArray is null ? "" : $",\n  \"stages\": {stageArray}";
        if (generousBudgets && stageArray is not null) stages += ",\n  \"jsLimits\": { \"timeoutMs\": 5000 }";
        // Hot reload only where it is measured; no admin endpoint (several proxies run at once), no status lines.
        string reloadJson = reload ? """{ "enabled": true, "debounceMs": 0 }""" : """{ "enabled": false }""";
        string reloadKey = scenario.Stages is null ? "" : $",\n  \"reload\": {reloadJson}";
        string json = $$"""
            {
              "listeners": [ { "address": "127.0.0.1", "port": {{listen.Port}} } ],
              "upstream": {{JsonSerializer.Serialize($"127.0.0.1:{upstream.Port}")}},
              "logLevel": "Warning",
              "statusIntervalSeconds": 0,
              "admin": { "enabled": false }{{stages}}{{reloadKey}}
            }
            """;
        string path = Path.Combine(folder, "proxy.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string WithBudgets(string stages)
    {
        var array = JsonNode.Parse(stages)!.AsArray();
        foreach (var stage in array)
        {
            if (stage is JsonObject o && !o.ContainsKey("timeoutMs")) o["timeoutMs"] = 5000;
        }
        return array.ToJsonString();
    }
}
