using McMaster.NETCore.Plugins;

namespace ScriptProxy.Host.Plugins;

/// <summary>Owner of a loaded plugin: disposing the loader unloads its context once nothing references it.</summary>
internal sealed class PluginUnloader(PluginLoader loader, WeakReference context) : IDisposable
{
    private PluginLoader? _loader = loader;

    /// <summary>The plugin's load context, weakly: lets tests verify it was collected after unload.</summary>
    public WeakReference Context { get; } = context;

    public void Dispose() => Interlocked.Exchange(ref _loader, null)?.Dispose();
}
