using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Reload;

/// <summary>
/// Watches the folders holding the chain's scripts and plugins through shared providers, debounces bursts of
/// changes, and asks the <see cref="PipelineManager"/> to rebuild (on the thread pool, never on a request's
/// path). Change tokens fire once, so every callback registers a fresh one.
/// </summary>
public sealed class StageWatcher : IDisposable
{
    private readonly PipelineManager _manager;
    private readonly ReloadConfig _config;
    private readonly ILogger _log;
    private readonly List<(PhysicalFileProvider Provider, string Filter)> _watches = [];
    private readonly List<IDisposable> _registrations = [];
    private readonly object _gate = new();
    private readonly Timer _debounce;
    private int _requested;
    private bool _disposed;

    public StageWatcher(PipelineManager manager, ReloadConfig config, ILogger log)
    {
        _manager = manager;
        _config = config;
        _log = log;
        _debounce = new Timer(static s => ((StageWatcher)s!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
        // One provider per distinct top folder (e.g. scripts/, plugins/), watching everything under it.
        foreach (var root in manager.SourcePaths.Select(p => TopFolder(manager.BaseDirectory, p)).Distinct(StringComparer.Ordinal))
        {
            _watches.Add((SharedFileProviders.Acquire(root, config.Polling), "**/*"));
        }
        lock (_gate) Register();
    }

    /// <summary>Completed rebuild passes (for tests and the admin API).</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    private int _reloads;

    private static string TopFolder(string baseDirectory, string path)
    {
        string relative = Path.GetRelativePath(baseDirectory, path);
        int slash = relative.IndexOfAny(['/', '\\']);
        // A stage file outside the base folder, or directly in it: watch its own folder.
        if (relative.StartsWith("..", StringComparison.Ordinal) || slash < 0) return Path.GetDirectoryName(path)!;
        return Path.Combine(baseDirectory, relative[..slash]);
    }

    private void Register()
    {
        if (_disposed) return;
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
        foreach (var (provider, filter) in _watches)
        {
            IChangeToken token = provider.Watch(filter);
            _registrations.Add(token.RegisterChangeCallback(static s => ((StageWatcher)s!).OnChange(), this));
        }
    }

    private void OnChange()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Register();
            _debounce.Change(_config.Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        // One pass at a time; every change that lands during a pass schedules one more. The count is the only
        // state: the first request starts the runner, and the runner stops only when it subtracts the requests it
        // has covered and sees zero, so a change can never be left behind between "no more work" and "stopped"
        // (a separate running flag and pending flag lost that race: a save was never built until the next one).
        if (Interlocked.Increment(ref _requested) != 1) return;
        _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        int covered;
        do
        {
            // Every request counted so far is covered by this pass: it reads the files after they were seen changed.
            covered = Volatile.Read(ref _requested);
            try
            {
                await _manager.ReloadAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _reloads);
            }
            catch (Exception e)
            {
                _log.LogError(e, "Reloading stages failed; the current pipeline keeps running");
            }
        }
        while (Interlocked.Add(ref _requested, -covered) != 0);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var registration in _registrations) registration.Dispose();
            _registrations.Clear();
        }
        _debounce.Dispose();
        foreach (var (provider, _) in _watches) SharedFileProviders.Release(provider);
    }
}
