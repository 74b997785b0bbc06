using System.Text.Json;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// One entry of proxy.json's <c>stages</c> array, validated. <see cref="Source"/> is the builtin name, or the
/// script/plugin path as written (relative to the config file's folder).
/// </summary>
public sealed record StageDefinition
{
    /// <summary>Default per-call budget.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(100);

    public required StageKind Kind { get; init; }

    /// <summary>Builtin name, or the path as written in proxy.json.</summary>
    public required string Source { get; init; }

    /// <summary>Budget for the stage's own work, before it calls next and again after next returns; time downstream does not count.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public FailurePolicy Failure { get; init; } = FailurePolicy.Open;

    /// <summary>Faults (exceptions + overruns) within <see cref="QuarantineWindow"/> that quarantine the stage; 0 = never.</summary>
    public int QuarantineFaults { get; init; } = 5;

    public TimeSpan QuarantineWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Trusted stage (<c>"inline": true</c>): when every stage of a pipeline version is inline, requests run the chain on
    /// the connection's own reader until it first waits, and continue on its response reader when the upstream answers,
    /// instead of hopping onto the thread pool twice. The price: while such a stage runs synchronously its connection
    /// reads nothing else (a stage stuck in a loop stalls the connection until it returns). Default false (isolated).
    /// </summary>
    public bool Inline { get; init; }

    /// <summary>
    /// The stage's settings as JSON text: for scripts and plugins the free-form <c>settings</c> object ("{}" when
    /// absent); for builtins the whole stage object (settings sit next to <c>"builtin"</c>). Text keeps record equality meaningful.
    /// </summary>
    public string SettingsJson { get; init; } = "{}";

    /// <summary>The config file the stage came from (for error messages).</summary>
    public string ConfigFile { get; init; } = "proxy.json";

    /// <summary>The stage's JSON path in that file, e.g. "stages[2]".</summary>
    public string ConfigKey { get; init; } = "stages";

    /// <summary>The <c>"name"</c> given in proxy.json; null when the stage goes by its default name (<see cref="Source"/>).</summary>
    public string? ExplicitName { get; init; }

    /// <summary>
    /// The stage's identity, unique in its chain: what the admin API and the CLI address, the <c>stage</c> label on /metrics,
    /// and the name in logs and <see cref="StageStatus"/>. <see cref="StageNames.Assign"/> sets it (the explicit name, or
    /// the source with "#2", "#3"... for a repeated default); until then it is the explicit name or the source.
    /// </summary>
    public string Name
    {
        get => _name ?? ExplicitName ?? Source;
        init => _name = value;
    }

    private readonly string? _name;

    /// <summary>Parses <see cref="SettingsJson"/> into an element that outlives its document.</summary>
    public JsonElement ParseSettings()
    {
        using var doc = JsonDocument.Parse(SettingsJson);
        return doc.RootElement.Clone();
    }
}
