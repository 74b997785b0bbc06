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
    private int _running;
    private int _pending;
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
        // One pass at a time; a change during a pass schedules exactly one more.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            Volatile.Write(ref _pending, 1);
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                do
                {
                    Volatile.Write(ref _pending, 0);
                    await _manager.ReloadAsync().ConfigureAwait(false);
                    Interlocked.Increment(ref _reloads);
                }
                while (Volatile.Read(ref _pending) == 1);
            }
            catch (Exception e)
            {
                _log.LogError(e, "Reloading stages failed; the current pipeline keeps running");
            }
            finally
            {
                Volatile.Write(ref _running, 0);
                if (Volatile.Read(ref _pending) == 1) Fire(); // a change landed between the last check and here
            }
        });
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
