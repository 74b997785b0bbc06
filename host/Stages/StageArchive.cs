namespace ScriptProxy.Host.Stages;

/// <summary>
/// Keeps a copy of the source of each stage's last few successful builds (the script file, or the plugin's
/// folder), so a rollback can rebuild an earlier version even after the file was overwritten. Copies, not
/// load contexts, are kept: old code stays unloadable and memory stays flat.
/// </summary>
internal sealed class StageArchive
{
    public const int Depth = PipelineStore.HistoryDepth;

    private readonly string _root;
    private readonly LinkedList<(int Version, string Path)> _entries = new();
    private readonly object _gate = new();

    public StageArchive(int stageIndex) =>
        _root = Path.Combine(Path.GetTempPath(), "scriptproxy-stage-archive", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Guid.NewGuid().ToString("N")[..8], stageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Archived versions, newest first.</summary>
    public IReadOnlyList<int> Versions
    {
        get
        {
            lock (_gate) return [.. _entries.Select(e => e.Version)];
        }
    }

    /// <summary>Copies the source that built <paramref name="version"/>; best effort (a failed copy only limits rollback).</summary>
    public void Save(int version, string sourcePath, StageKind kind)
    {
        try
        {
            string target = Path.Combine(_root, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(target);
            string archived;
            if (kind == StageKind.Plugin)
            {
                string folder = Path.GetDirectoryName(sourcePath)!;
                foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
                {
                    string dest = Path.Combine(target, Path.GetRelativePath(folder, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                    File.Copy(file, dest, overwrite: true);
                }
                archived = Path.Combine(target, Path.GetFileName(sourcePath));
            }
            else
            {
                archived = Path.Combine(target, Path.GetFileName(sourcePath));
                File.Copy(sourcePath, archived, overwrite: true);
            }
            lock (_gate)
            {
                _entries.AddFirst((version, archived));
                while (_entries.Count > Depth)
                {
                    var old = _entries.Last!.Value;
                    _entries.RemoveLast();
                    TryDelete(Path.GetDirectoryName(old.Path)!);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Rollback to this version will report it as unavailable.
        }
    }

    /// <summary>The archived source of <paramref name="version"/>, or null when it is not kept.</summary>
    public string? PathOf(int version)
    {
        lock (_gate)
        {
            foreach (var (v, p) in _entries)
            {
                if (v == version) return p;
            }
            return null;
        }
    }

    /// <summary>The newest archived version older than <paramref name="live"/>, or null.</summary>
    public int? PreviousOf(int live)
    {
        lock (_gate)
        {
            foreach (var (v, _) in _entries)
            {
                if (v < live) return v;
            }
            return null;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Temp files; the OS cleans up eventually.
        }
    }
}
