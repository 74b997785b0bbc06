namespace ScriptProxy.Host.Reload;

/// <summary>proxy.json <c>reload</c>: how script and plugin changes are noticed.</summary>
/// <param name="Enabled">Watch at all (false: stages build once at start-up).</param>
/// <param name="Polling">Poll instead of inotify (for network or container file systems; reacts in seconds).</param>
/// <param name="Debounce">Quiet time after the last change before rebuilding (editors write in several steps).</param>
public sealed record ReloadConfig(bool Enabled, bool Polling, TimeSpan Debounce)
{
    public static ReloadConfig Default { get; } = new(true, false, TimeSpan.FromMilliseconds(200));
}
