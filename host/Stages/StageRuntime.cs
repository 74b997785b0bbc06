using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The long-lived state of one configured stage across every pipeline version: its live build, last
/// diagnostics, counters and fault window. Thread-safe; counters are updated with Interlocked, the fault
/// window and build state under a small lock (faults are rare, so contention is not a concern).
/// </summary>
internal sealed class StageRuntime(StageDefinition definition, ILogger log, int index = 0)
{
    private volatile bool _enabled = true;
    private volatile string? _pinnedFingerprint;

    private readonly object _gate = new();
    private readonly Queue<long> _faultTimes = new();
    private StageArtifact? _live;
    private IReadOnlyList<StageDiagnostic> _diagnostics = [];
    private int _builds;
    private string? _failedFingerprint;
    private long _invocations, _faults, _timeouts, _bypassed, _shortCircuits, _mutations, _elapsedTicks;
    private volatile string? _lastFault;

    public StageDefinition Definition { get; } = definition;

    public ILogger Log { get; } = log;

    public string Name => Definition.Name;

    /// <summary>Copies of the sources of the last successful builds, for rollback.</summary>
    public StageArchive Archive { get; } = new(index);

    /// <summary>False when an operator disabled the stage: it is left out of the chain until enabled again.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>
    /// After a rollback: the fingerprint of the file as it was then. While the file still has it, reloads
    /// leave the rolled-back version running; saving the file again ends the pin.
    /// </summary>
    public string? PinnedFingerprint
    {
        get => _pinnedFingerprint;
        set => _pinnedFingerprint = value;
    }

    /// <summary>The build requests run on now; null if the stage never built.</summary>
    public StageArtifact? Live => Volatile.Read(ref _live);

    /// <summary>The next build number to hand out.</summary>
    public int NextVersion()
    {
        lock (_gate) return ++_builds;
    }

    /// <summary>A build succeeded: it becomes live and its diagnostics (warnings) are kept.</summary>
    public void Accept(StageArtifact artifact, IReadOnlyList<StageDiagnostic> diagnostics)
    {
        lock (_gate)
        {
            _live = artifact;
            _diagnostics = diagnostics;
            _failedFingerprint = null;
            _faultTimes.Clear();
        }
    }

    /// <summary>A build failed: the live build (if any) keeps running; the diagnostics are kept for the admin API.</summary>
    public void Reject(IReadOnlyList<StageDiagnostic> diagnostics, string fingerprint)
    {
        lock (_gate)
        {
            _diagnostics = diagnostics;
            _failedFingerprint = fingerprint;
        }
    }

    /// <summary>The source that last failed to build (not retried until it changes).</summary>
    public string? FailedFingerprint
    {
        get
        {
            lock (_gate) return _failedFingerprint;
        }
    }

    public void CountInvocation() => Interlocked.Increment(ref _invocations);

    /// <summary>After a call: its duration (Stopwatch ticks, including time in <c>next</c>), and whether it answered or changed the request.</summary>
    public void CountOutcome(long elapsedTicks, bool shortCircuit, bool mutated)
    {
        Interlocked.Add(ref _elapsedTicks, elapsedTicks);
        if (shortCircuit) Interlocked.Increment(ref _shortCircuits);
        if (mutated) Interlocked.Increment(ref _mutations);
    }

    public void CountBypass() => Interlocked.Increment(ref _bypassed);

    /// <summary>Records a fault; returns true when it quarantined <paramref name="artifact"/>.</summary>
    public bool RecordFault(StageArtifact artifact, bool timeout, string? description = null)
    {
        _lastFault = description ?? (timeout ? $"exceeded its {Definition.Timeout.TotalMilliseconds:0} ms budget" : "fault");
        Interlocked.Increment(ref timeout ? ref _timeouts : ref _faults);
        int limit = Definition.QuarantineFaults;
        if (limit <= 0 || artifact.Quarantined) return false;
        long now = Environment.TickCount64;
        long windowStart = now - (long)Definition.QuarantineWindow.TotalMilliseconds;
        lock (_gate)
        {
            _faultTimes.Enqueue(now);
            while (_faultTimes.Count > 0 && _faultTimes.Peek() < windowStart) _faultTimes.Dequeue();
            if (_faultTimes.Count < limit) return false;
            _faultTimes.Clear();
        }
        artifact.Quarantined = true;
        return true;
    }

    public StageStatus Status()
    {
        lock (_gate)
        {
            var live = _live;
            var state = !_enabled ? StageState.Disabled
                : live is null ? StageState.FailedCompile
                : live.Quarantined ? StageState.Quarantined
                : StageState.Active;
            return new StageStatus(Name, Definition.Kind, live?.Version ?? 0, state, _diagnostics,
                Interlocked.Read(ref _invocations), Interlocked.Read(ref _faults), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _bypassed), _lastFault)
            {
                ArchivedVersions = Archive.Versions,
                ShortCircuits = Interlocked.Read(ref _shortCircuits),
                Mutations = Interlocked.Read(ref _mutations),
                TotalSeconds = Interlocked.Read(ref _elapsedTicks) / (double)System.Diagnostics.Stopwatch.Frequency,
                Pinned = _pinnedFingerprint is not null,
            };
        }
    }
}
