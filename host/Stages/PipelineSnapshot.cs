using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// One immutable version of the chain: its guards (stage + policy) frozen into an array and composed into
/// a single delegate once. Exchanges acquire the snapshot they start on and release it when they finish, so
/// a reload never changes a request mid-flight; when the snapshot is retired and its last exchange finished,
/// it releases its builds (which is when an unused load context becomes collectable).
/// </summary>
public sealed class PipelineSnapshot
{
    private readonly StageNext _entry;
    private int _refs = 1; // the "current" hold, dropped by Retire

    internal PipelineSnapshot(long version, StageGuard[] guards, StageNext entry, BudgetWatchdog? watchdog = null)
    {
        Watchdog = watchdog ?? BudgetWatchdog.Shared;
        Version = version;
        Guards = guards;
        EventGuards = [.. guards.Where(g => g.Artifact?.Stage is IEventStage)];
        Inline = guards.Length > 0 && guards.All(g => g.Runtime.Definition.Inline);
        _entry = entry;
        foreach (var guard in guards) guard.Artifact?.AddRef();
    }

    /// <summary>The empty pipeline (version 0): the host bypasses it entirely.</summary>
    public static PipelineSnapshot Empty { get; } = new(0, [], static ex => default);

    public long Version { get; }

    /// <summary>Enforces the stage budgets of exchanges on this snapshot (the shared one, or a manual one in tests).</summary>
    internal BudgetWatchdog Watchdog { get; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    internal StageGuard[] Guards { get; }

    /// <summary>The guards whose stage also sees upstream EVENTs (<see cref="IEventStage"/>), in chain order; usually none.</summary>
    internal StageGuard[] EventGuards { get; }

    public int Count => Guards.Length;

    /// <summary>
    /// Every stage of this version is declared <c>"inline"</c> (trusted): its exchanges start on the connection's request
    /// reader and continue on its response reader (no thread-pool hop). One isolated stage keeps the whole version
    /// isolated, because an isolated stage's code must never run on a connection's reader. Decided per snapshot, so an
    /// exchange keeps the mode of the version it started on across a reload.
    /// </summary>
    public bool Inline { get; }

    /// <summary>No stages: requests take the zero-copy bypass path.</summary>
    public bool IsEmpty => Guards.Length == 0;

    /// <summary>Stage names and build versions, e.g. for logs and the version history.</summary>
    public IReadOnlyList<string> Describe() => [.. Guards.Select(g => $"{g.Name}@{g.Artifact?.Version ?? 0}")];

    /// <summary>Takes a hold for one exchange; false if the snapshot was retired and drained meanwhile.</summary>
    internal bool TryAcquire()
    {
        int refs = Volatile.Read(ref _refs);
        while (refs > 0)
        {
            int seen = Interlocked.CompareExchange(ref _refs, refs + 1, refs);
            if (seen == refs) return true;
            refs = seen;
        }
        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _refs) != 0) return;
        foreach (var guard in Guards) guard.Artifact?.Release();
    }

    /// <summary>No longer current: releases the builds once the exchanges still running on it finish.</summary>
    internal void Retire() => Release();

    /// <summary>Runs <paramref name="exchange"/> through the chain and completes it. The caller holds an acquire; this releases it.</summary>
    internal async Task RunAsync(PipelineExchange exchange)
    {
        exchange.PipelineVersion = Version;
        try
        {
            await _entry(exchange).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Guards catch stage faults; this is a host bug (e.g. the upstream delegate threw): still answer.
            exchange.Fail("(pipeline)", $"failed ({e.GetType().Name}: {e.Message})");
        }
        finally
        {
            exchange.Finish();
            Release();
        }
    }
}
