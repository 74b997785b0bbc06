using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Reload;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Everything the proxy needs to run stages, created once per process from proxy.json: the pipeline
/// manager (builds and swaps snapshots), the file watcher, and the prepared-statement map sessions share.
/// </summary>
public sealed class StageHost : IDisposable
{
    private StageWatcher? _watcher;

    public StageHost(ProxyConfig config, ILoggerFactory logs)
    {
        Config = config;
        Logs = logs;
        Manager = new PipelineManager(config.Stages, config.BaseDirectory, config.JsLimits, logs,
            listeners: [.. config.Listeners.Select(l => l.EndPoint.ToString())], departures: Departures);
    }

    public ProxyConfig Config { get; }

    private ILoggerFactory Logs { get; }

    public PipelineManager Manager { get; }

    public PipelineStore Store => Manager.Store;

    public PreparedStatements Prepared { get; } = new();

    /// <summary>Sessions announce here that their client left.</summary>
    public ClientDepartures Departures { get; } = new();

    /// <summary>
    /// Builds every stage and starts watching. Throws <see cref="ConfigException"/> when a stage does not
    /// build at start-up (a later failure only keeps the previous version running).
    /// </summary>
    public async Task StartAsync()
    {
        var failures = await Manager.ReloadAsync().ConfigureAwait(false);
        var errors = failures.Where(d => d.Severity == "error").ToList();
        if (errors.Count > 0)
            throw new ConfigException(Config.Source, "stages", "a stage did not build:\n  " + string.Join("\n  ", errors));
        if (Config.Reload.Enabled && Config.Stages.Count > 0)
            _watcher = new StageWatcher(Manager, Config.Reload, Logs.CreateLogger("ScriptProxy.Reload"));
    }

    public void Dispose() => _watcher?.Dispose();
}
