using System.Text.Json;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>
/// What the host hands a stage when it builds it: the stage's name, its free-form <c>settings</c> object
/// from proxy.json, and a log. C# scripts see these members as globals (<c>Settings</c>, <c>Log(...)</c>);
/// plugins receive the context through a constructor taking a <see cref="StageContext"/>.
/// One context per stage instance; it is immutable and safe to use from any thread.
/// </summary>
public sealed class StageContext
{
    private static readonly JsonElement EmptySettings = JsonDocument.Parse("{}").RootElement.Clone();
    private readonly Action<string> _log;

    /// <param name="name">The stage's display name (its file or builtin name).</param>
    /// <param name="settings">The stage's <c>settings</c> object; an empty object when absent.</param>
    /// <param name="log">Where <see cref="Log"/> writes (the host's logger at Information).</param>
    public StageContext(string name, JsonElement? settings, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(log);
        Name = name;
        // Clone so the element outlives the JsonDocument it came from.
        Settings = settings is { ValueKind: JsonValueKind.Object } s ? s.Clone() : EmptySettings;
        _log = log;
    }

    /// <summary>The stage's display name, e.g. "scripts/deny-writes.csx".</summary>
    public string Name { get; }

    /// <summary>The stage's <c>settings</c> object from proxy.json (always a JSON object).</summary>
    public JsonElement Settings { get; }

    /// <summary>A string setting, or <paramref name="fallback"/> when absent. Numbers and booleans are returned as their JSON text.</summary>
    public string? Setting(string key, string? fallback = null)
    {
        if (!Settings.TryGetProperty(key, out var value)) return fallback;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => fallback,
            _ => value.GetRawText(),
        };
    }

    /// <summary>An integer setting, or <paramref name="fallback"/> when absent or not an integer.</summary>
    public long Setting(string key, long fallback) =>
        Settings.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long v) ? v : fallback;

    /// <summary>Writes a line to the proxy's log, prefixed with the stage name.</summary>
    public void Log(string message) => _log(message);
}
