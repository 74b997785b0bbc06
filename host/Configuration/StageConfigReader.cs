using System.Text.Json;
using ScriptProxy.Host.Reload;
using ScriptProxy.Host.Scripting.JavaScript;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// Reads the stage-related sections of proxy.json (<c>stages</c>, <c>reload</c>, <c>jsLimits</c>) with the same
/// rules as the rest of the file: unknown keys are errors and every error names the file and the key.
/// </summary>
internal static class StageConfigReader
{
    private static readonly string[] StageKeys =
        ["builtin", "script", "plugin", "name", "timeoutMs", "failure", "quarantineFaults", "quarantineWindowMs", "inline", "settings"];

    /// <summary>Keys of a builtin's object that belong to the host; every other key is the transform's own setting.</summary>
    public static readonly IReadOnlySet<string> HostKeys =
        new HashSet<string>(StringComparer.Ordinal) { "builtin", "name", "timeoutMs", "failure", "quarantineFaults", "quarantineWindowMs", "inline" };

    public static IReadOnlyList<StageDefinition> ReadStages(ConfigLoader.Reader r, JsonElement element, string baseDirectory)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw r.Error("stages", "expected an array of {\"builtin\"|\"script\"|\"plugin\": ..., ...}", element);
        if (element.GetArrayLength() > PipelineComposer.MaxStages)
            throw r.Problem("stages", $"at most {PipelineComposer.MaxStages} stages are supported");
        var list = new List<StageDefinition>();
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            string key = $"stages[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw r.Error(key, "expected an object", item);
            var definition = ReadSource(r, item, key) with { ConfigFile = r.File, ConfigKey = key };
            // A builtin's other keys are its settings, checked by the transform itself when it is built.
            if (definition.Kind != StageKind.Builtin) r.RejectUnknown(item, key, StageKeys);
            if (definition.Kind != StageKind.Builtin)
            {
                string path = PipelineManager.ResolvePath(definition, baseDirectory);
                if (!File.Exists(path)) throw r.Problem(key + "." + SourceKey(definition.Kind), $"file not found: {path}");
            }
            else if (!BuiltinStages.Names.Contains(definition.Source, StringComparer.OrdinalIgnoreCase))
            {
                throw r.Problem(key + ".builtin", $"unknown builtin \"{definition.Source}\"; expected one of: {string.Join(", ", BuiltinStages.Names)}");
            }
            else
            {
                definition = definition with { SettingsJson = item.GetRawText() };
            }
            if (item.TryGetProperty("name", out var name)) definition = definition with { ExplicitName = ReadName(r, name, key + ".name") };
            if (item.TryGetProperty("timeoutMs", out var timeout)) definition = definition with { Timeout = TimeSpan.FromMilliseconds(r.Int(timeout, key + ".timeoutMs", 1, 600_000)) };
            if (item.TryGetProperty("failure", out var failure)) definition = definition with { Failure = r.Enum<FailurePolicy>(failure, key + ".failure") };
            if (item.TryGetProperty("quarantineFaults", out var faults)) definition = definition with { QuarantineFaults = r.Int(faults, key + ".quarantineFaults", 0, 1_000_000) };
            if (item.TryGetProperty("quarantineWindowMs", out var window))
                definition = definition with { QuarantineWindow = TimeSpan.FromMilliseconds(r.Int(window, key + ".quarantineWindowMs", 1, 86_400_000)) };
            if (item.TryGetProperty("inline", out var inline)) definition = definition with { Inline = r.Bool(inline, key + ".inline") };
            if (definition.Kind != StageKind.Builtin && item.TryGetProperty("settings", out var settings))
            {
                if (settings.ValueKind != JsonValueKind.Object) throw r.Error(key + ".settings", "expected an object", settings);
                definition = definition with { SettingsJson = settings.GetRawText() };
            }
            list.Add(definition);
        }
        return StageNames.Assign(list);
    }

    /// <summary>
    /// An explicit stage name. No '/': the admin API addresses a stage as /stages/{name}/..., where an escaped slash
    /// is not decoded, so such a name could not be reached.
    /// </summary>
    private static string ReadName(ConfigLoader.Reader r, JsonElement e, string key)
    {
        if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
            throw r.Error(key, "expected a non-empty string", e);
        string name = e.GetString()!;
        if (name.Contains('/', StringComparison.Ordinal) || name.Trim().Length != name.Length)
            throw r.Error(key, "expected a name without '/' and without leading or trailing spaces", e);
        return name;
    }

    private static StageDefinition ReadSource(ConfigLoader.Reader r, JsonElement item, string key)
    {
        string[] present = [.. new[] { "builtin", "script", "plugin" }.Where(k => item.TryGetProperty(k, out _))];
        if (present.Length != 1) throw r.Problem(key, "expected exactly one of \"builtin\", \"script\", \"plugin\"");
        var value = item.GetProperty(present[0]);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw r.Error($"{key}.{present[0]}", "expected a non-empty string", value);
        string source = value.GetString()!;
        StageKind kind = present[0] switch
        {
            "builtin" => StageKind.Builtin,
            "plugin" => StageKind.Plugin,
            _ when source.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) => StageKind.CSharp,
            _ when source.EndsWith(".js", StringComparison.OrdinalIgnoreCase) => StageKind.JavaScript,
            _ => throw r.Error(key + ".script", "expected a path ending in .csx or .js", value),
        };
        return new StageDefinition { Kind = kind, Source = source };
    }

    private static string SourceKey(StageKind kind) => kind == StageKind.Plugin ? "plugin" : "script";

    public static ReloadConfig ReadReload(ConfigLoader.Reader r, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw r.Error("reload", "expected an object", element);
        r.RejectUnknown(element, "reload", ["enabled", "polling", "debounceMs"]);
        var config = ReloadConfig.Default;
        if (element.TryGetProperty("enabled", out var enabled)) config = config with { Enabled = r.Bool(enabled, "reload.enabled") };
        if (element.TryGetProperty("polling", out var polling)) config = config with { Polling = r.Bool(polling, "reload.polling") };
        if (element.TryGetProperty("debounceMs", out var debounce)) config = config with { Debounce = TimeSpan.FromMilliseconds(r.Int(debounce, "reload.debounceMs", 0, 60_000)) };
        return config;
    }

    public static JsLimits ReadJsLimits(ConfigLoader.Reader r, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw r.Error("jsLimits", "expected an object", element);
        r.RejectUnknown(element, "jsLimits", ["timeoutMs", "maxStatements", "memoryBytes"]);
        var limits = JsLimits.Default;
        if (element.TryGetProperty("timeoutMs", out var timeout)) limits = limits with { Timeout = TimeSpan.FromMilliseconds(r.Int(timeout, "jsLimits.timeoutMs", 1, 600_000)) };
        if (element.TryGetProperty("maxStatements", out var statements)) limits = limits with { MaxStatements = r.Int(statements, "jsLimits.maxStatements", 0, int.MaxValue) };
        if (element.TryGetProperty("memoryBytes", out var memory)) limits = limits with { MemoryBytes = r.Int(memory, "jsLimits.memoryBytes", 0, int.MaxValue) };
        return limits;
    }
}
