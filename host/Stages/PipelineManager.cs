using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Host.Plugins;
using ScriptProxy.Host.Scripting.CSharp;
using ScriptProxy.Host.Scripting.JavaScript;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Builds the configured chain and keeps it current: (re)builds stages whose source changed, off the hot
/// path, then composes and swaps a new <see cref="PipelineSnapshot"/> under the next version number. A stage
/// that fails to build never replaces a working one (its diagnostics are kept in its status). Builds are
/// serialised; a reload never closes a connection.
/// </summary>
public sealed class PipelineManager
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StageRuntime[] _runtimes;
    private readonly string[] _paths;
    private readonly IStageBuilder[] _builders;
    private readonly ILogger _log;
    private long _version;
    private long _reloadsOk;
    private long _reloadsFailed;

    /// <param name="definitions">The <c>stages</c> of proxy.json, in chain order; names are made unique (<see cref="StageNames"/>).</param>
    /// <param name="baseDirectory">Where relative script and plugin paths start (the config file's folder).</param>
    /// <param name="jsLimits">Limits for JS hooks.</param>
    /// <param name="logs">Logger factory (each stage logs under its own category).</param>
    /// <param name="store">Where snapshots are published; a new store if null.</param>
    /// <param name="listeners">The proxy's client-facing endpoints, for builtins that advertise them.</param>
    /// <param name="departures">Client connections that closed, for builtins that hold per-client resources.</param>
    public PipelineManager(IReadOnlyList<StageDefinition> definitions, string baseDirectory, JsLimits jsLimits, ILoggerFactory logs,
        PipelineStore? store = null, IReadOnlyList<string>? listeners = null, ClientDepartures? departures = null)
    {
        if (definitions.Count > PipelineComposer.MaxStages) throw new ArgumentException($"At most {PipelineComposer.MaxStages} stages", nameof(definitions));
        Store = store ?? new PipelineStore();
        BaseDirectory = Path.GetFullPath(baseDirectory);
        _log = logs.CreateLogger("ScriptProxy.Stages");
        var byKind = new Dictionary<StageKind, IStageBuilder>
        {
            [StageKind.CSharp] = new CSharpStageBuilder(),
            [StageKind.JavaScript] = new JsStageBuilder(() => jsLimits),
            [StageKind.Plugin] = new PluginStageBuilder(),
        };
        // Names identify stages (admin API, CLI, metric labels): make them unique here too, for chains not read from proxy.json.
        definitions = StageNames.Assign(definitions);
        _runtimes = [.. definitions.Select((d, i) => new StageRuntime(d, _log, i))];
        _paths = [.. definitions.Select(d => ResolvePath(d, BaseDirectory))];
        _builders = [.. definitions.Select(d => d.Kind == StageKind.Builtin ? new BuiltinStageBuilder(d, logs, listeners ?? [], departures ?? new ClientDepartures()) : byKind[d.Kind])];
    }

    public PipelineStore Store { get; }

    public string BaseDirectory { get; }

    /// <summary>Full paths of every script and plugin the chain uses (what the watcher watches).</summary>
    public IReadOnlyList<string> SourcePaths => [.. _paths.Where((_, i) => _runtimes[i].Definition.Kind != StageKind.Builtin)];

    /// <summary>Successful stage builds since start (including the first).</summary>
    public long ReloadsSucceeded => Interlocked.Read(ref _reloadsOk);

    /// <summary>Stage builds that failed (the previous version kept running).</summary>
    public long ReloadsFailed => Interlocked.Read(ref _reloadsFailed);

    /// <summary>The operator actions of the admin API (enable, disable, reload, rollback).</summary>
    public StageOperations Operations => new(this);

    internal int IndexOf(string name) => StageOperations.Find(_runtimes, name);

    internal StageRuntime Runtime(int index) => _runtimes[index];

    internal Task<StageBuildResult> BuildAsync(int index, string path, int version)
    {
        var runtime = _runtimes[index];
        var context = new StageContext(runtime.Name, runtime.Definition.ParseSettings(), m => _log.LogStageMessage(runtime.Name, m));
        return _builders[index].BuildAsync(path, runtime.Name, context, version);
    }

    internal string CurrentFingerprint(int index) => _builders[index].Fingerprint(_paths[index]);

    /// <summary>Runs <paramref name="action"/> under the build lock, then publishes a new version.</summary>
    internal async Task<T> UnderGateAsync<T>(Func<Task<T>> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var result = await action().ConfigureAwait(false);
            Publish();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Each stage's state, live version, diagnostics and counters.</summary>
    public IReadOnlyList<StageStatus> Status() => [.. _runtimes.Select(r => r.Status())];

    /// <summary>Where a stage's code lives: a script file, <c>plugins/Name/Name.dll</c> for <c>"plugins/Name"</c>, or the builtin name.</summary>
    public static string ResolvePath(StageDefinition definition, string baseDirectory)
    {
        if (definition.Kind == StageKind.Builtin) return definition.Source;
        string full = Path.GetFullPath(Path.Combine(baseDirectory, definition.Source));
        if (definition.Kind == StageKind.Plugin && !full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            full = Path.Combine(full, Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)) + ".dll");
        return full;
    }

    /// <summary>
    /// Builds what changed and, if anything did (or nothing is live yet), publishes a new version.
    /// Returns the diagnostics of stages that failed in this pass (empty = all good).
    /// </summary>
    public async Task<IReadOnlyList<StageDiagnostic>> ReloadAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var failures = new List<StageDiagnostic>();
            bool changed = _version == 0;
            for (int i = 0; i < _runtimes.Length; i++)
            {
                var runtime = _runtimes[i];
                string fingerprint = _builders[i].Fingerprint(_paths[i]);
                if (runtime.PinnedFingerprint is { } pinned)
                {
                    if (pinned == fingerprint) continue; // rolled back: stays until the file is saved again
                    runtime.PinnedFingerprint = null;
                }
                if (runtime.Live?.Fingerprint == fingerprint || runtime.FailedFingerprint == fingerprint) continue;
                int version = runtime.NextVersion();
                var context = new StageContext(runtime.Name, runtime.Definition.ParseSettings(), m => _log.LogStageMessage(runtime.Name, m));
                long start = Stopwatch.GetTimestamp();
                var result = await _builders[i].BuildAsync(_paths[i], runtime.Name, context, version).ConfigureAwait(false);
                if (result.Artifact is { } artifact)
                {
                    runtime.Accept(artifact, result.Diagnostics);
                    if (runtime.Definition.Kind != StageKind.Builtin) runtime.Archive.Save(version, _paths[i], runtime.Definition.Kind);
                    Interlocked.Increment(ref _reloadsOk);
                    _log.LogStageBuilt(runtime.Name, version, (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    changed = true;
                }
                else
                {
                    runtime.Reject(result.Diagnostics, fingerprint);
                    Interlocked.Increment(ref _reloadsFailed);
                    failures.AddRange(result.Diagnostics);
                    string kept = runtime.Live is { } live ? $"version {live.Version} keeps running" : "requests follow its failure policy";
                    _log.LogStageRejected(runtime.Name, kept, string.Join("\n", result.Diagnostics));
                }
            }
            if (changed) Publish();
            return failures;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Publish()
    {
        var snapshot = PipelineComposer.Compose(++_version, [.. _runtimes.Where(r => r.Enabled).Select(r => (r, r.Live))]);
        Store.Swap(snapshot);
        _log.LogPipelineSwapped(snapshot.Version, snapshot.Count);
    }

    /// <summary>Each configured stage's live instance (null while none built), in chain order, under its unique name.</summary>
    internal IEnumerable<(string Name, IStage? Stage)> LiveStages() => _runtimes.Select(r => (r.Name, r.Live?.Stage));

    /// <summary>The artifacts' owners (load contexts) of the live chain, for tests that check unloading.</summary>
    internal IEnumerable<StageArtifact?> LiveArtifacts => _runtimes.Select(r => r.Live);
}
