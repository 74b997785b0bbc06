using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// One successful build of one stage's code: the <see cref="IStage"/> instance plus whatever must be released
/// once nothing runs it any more (a collectible load context, a plugin loader, a JS engine pool). Snapshots
/// that include it hold a reference; the last <see cref="Release"/> (no snapshot live, no request in flight)
/// disposes the owner, which is what lets a collectible context be collected.
/// </summary>
internal sealed class StageArtifact
{
    private IDisposable? _owner;
    private int _refs;
    private volatile bool _quarantined;

    /// <param name="stage">The instance requests are sent to.</param>
    /// <param name="version">The stage's build number (1, 2, ...).</param>
    /// <param name="fingerprint">Identifies the source built (content hash); the watcher rebuilds only when it changes.</param>
    /// <param name="owner">Released when the artifact is no longer used; null for builtins.</param>
    public StageArtifact(IStage stage, int version, string fingerprint, IDisposable? owner)
    {
        Stage = stage;
        Version = version;
        Fingerprint = fingerprint;
        _owner = owner;
    }

    public IStage Stage { get; }

    /// <summary>The collectible load context the code lives in (C# scripts, plugins), weakly; lets tests verify unloading.</summary>
    public WeakReference? LoadContext { get; init; }

    public int Version { get; }

    public string Fingerprint { get; }

    /// <summary>Set when the stage faulted too often; cleared only by a new build (a new artifact).</summary>
    public bool Quarantined
    {
        get => _quarantined;
        set => _quarantined = value;
    }

    /// <summary>True once the owner was released.</summary>
    public bool IsReleased => Volatile.Read(ref _owner) is null && Volatile.Read(ref _refs) <= 0;

    public void AddRef() => Interlocked.Increment(ref _refs);

    public void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0) Interlocked.Exchange(ref _owner, null)?.Dispose();
    }
}
