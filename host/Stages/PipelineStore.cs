namespace ScriptProxy.Host.Stages;

/// <summary>
/// Holds the current <see cref="PipelineSnapshot"/>. Readers take it with one volatile read; a new version
/// replaces it with <see cref="Interlocked.Exchange{T}(ref T, T)"/> and the old one is retired (released once
/// its in-flight exchanges finish). The last <see cref="HistoryDepth"/> versions are remembered.
/// </summary>
public sealed class PipelineStore
{
    /// <summary>How many versions the history keeps.</summary>
    public const int HistoryDepth = 5;

    private readonly object _historyGate = new();
    private readonly LinkedList<PipelineVersionRecord> _history = new();
    private PipelineSnapshot _current = PipelineSnapshot.Empty;

    /// <summary>The live snapshot. Check <see cref="PipelineSnapshot.IsEmpty"/> to take the bypass path.</summary>
    public PipelineSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Versions that were live, newest first.</summary>
    public IReadOnlyList<PipelineVersionRecord> History
    {
        get
        {
            lock (_historyGate) return [.. _history];
        }
    }

    /// <summary>Raised after a swap with the new snapshot.</summary>
    public event Action<PipelineSnapshot>? Swapped;

    /// <summary>Takes the current snapshot for one exchange (retrying if a swap retired it in between).</summary>
    internal PipelineSnapshot Acquire()
    {
        while (true)
        {
            var snapshot = Current;
            if (snapshot.IsEmpty || snapshot.TryAcquire()) return snapshot;
        }
    }

    /// <summary>Makes <paramref name="next"/> live; the previous snapshot finishes its in-flight exchanges and is released.</summary>
    internal void Swap(PipelineSnapshot next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        if (!ReferenceEquals(previous, PipelineSnapshot.Empty)) previous.Retire();
        lock (_historyGate)
        {
            _history.AddFirst(new PipelineVersionRecord(next.Version, next.Created, next.Describe()));
            while (_history.Count > HistoryDepth) _history.RemoveLast();
        }
        Swapped?.Invoke(next);
    }
}
