using Microsoft.Extensions.FileProviders;

namespace ScriptProxy.Host.Reload;

/// <summary>
/// One <see cref="PhysicalFileProvider"/> per watched root for the whole process, reference-counted: the
/// machine allows few inotify instances (128 here), so watchers share providers instead of making their own.
/// </summary>
internal static class SharedFileProviders
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(string Root, bool Polling), (PhysicalFileProvider Provider, int Refs)> Providers = [];

    public static PhysicalFileProvider Acquire(string root, bool polling)
    {
        var key = (Path.GetFullPath(root), polling);
        lock (Gate)
        {
            if (Providers.TryGetValue(key, out var entry))
            {
                Providers[key] = (entry.Provider, entry.Refs + 1);
                return entry.Provider;
            }
            var provider = new PhysicalFileProvider(key.Item1, Microsoft.Extensions.FileProviders.Physical.ExclusionFilters.Sensitive)
            {
                UsePollingFileWatcher = polling,
                UseActivePolling = polling,
            };
            Providers[key] = (provider, 1);
            return provider;
        }
    }

    public static void Release(PhysicalFileProvider provider)
    {
        lock (Gate)
        {
            foreach (var (key, entry) in Providers)
            {
                if (!ReferenceEquals(entry.Provider, provider)) continue;
                if (entry.Refs > 1) Providers[key] = (provider, entry.Refs - 1);
                else
                {
                    Providers.Remove(key);
                    provider.Dispose();
                }
                return;
            }
        }
    }
}
