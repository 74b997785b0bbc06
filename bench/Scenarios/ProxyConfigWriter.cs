using System.Net;
using System.Text.Json;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>Writes a proxy.json (and the stage files it names) for one scenario into its own folder.</summary>
internal static class ProxyConfigWriter
{
    public static string Write(string folder, IPEndPoint listen, IPEndPoint upstream, Scenario scenario, bool reload = false)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in scenario.Files ?? []) File.WriteAllText(Path.Combine(folder, name), content);
        string stages = scenario.Stages is null ? "" : $",\n  \"stages\": {scenario.Stages}";
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
}
