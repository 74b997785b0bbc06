namespace ScriptProxy.Host.Stages;

/// <summary>
/// A point-in-time report on one stage for the admin API and logs: which version of its code is live,
/// its health, the last diagnostics (kept even when an older version keeps running) and its counters.
/// </summary>
/// <param name="Name">The stage's unique name (<see cref="StageDefinition.Name"/>): its "name", or the file (relative to the config) or builtin name, "#2"... when repeated.</param>
/// <param name="Kind">Builtin, CSharp, JavaScript or Plugin.</param>
/// <param name="LiveVersion">How many times this stage's code was (re)built successfully; the live one is this number; 0 = none.</param>
/// <param name="State">Active, Quarantined or FailedCompile.</param>
/// <param name="Diagnostics">The last build's messages (empty after a clean build).</param>
/// <param name="Invocations">Calls since start.</param>
/// <param name="Faults">Exceptions since start.</param>
/// <param name="Timeouts">Budget overruns since start.</param>
/// <param name="Bypassed">Requests that met the stage quarantined or failed and were handled by policy.</param>
/// <param name="LastFault">The last exception or overrun, as "Type: message" (null if none).</param>
public sealed record StageStatus(
    string Name,
    StageKind Kind,
    int LiveVersion,
    StageState State,
    IReadOnlyList<StageDiagnostic> Diagnostics,
    long Invocations,
    long Faults,
    long Timeouts,
    long Bypassed,
    string? LastFault)
{
    /// <summary>Versions whose source is kept for rollback, newest first.</summary>
    public IReadOnlyList<int> ArchivedVersions { get; init; } = [];

    /// <summary>Requests the stage answered itself (did not call next).</summary>
    public long ShortCircuits { get; init; }

    /// <summary>Requests whose query, consistency or values the stage changed.</summary>
    public long Mutations { get; init; }

    /// <summary>Total time spent in the stage's calls, including the time in <c>next</c>.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>True after a rollback, until the stage's file is saved again.</summary>
    public bool Pinned { get; init; }
}
