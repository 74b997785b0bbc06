namespace ScriptProxy.Bench.Scenarios;

/// <summary>Hot reload: how long from saving a script to the new version answering, and memory before/after.</summary>
public sealed record ReloadResult
{
    public int Reloads { get; init; }

    public int Observed { get; init; }

    public double P50Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    public long RssBeforeBytes { get; init; }

    public long RssAfterBytes { get; init; }

    /// <summary>RSS and managed heap after a forced full, compacting GC in the proxy, before the first and after the last reload (0: not measured).</summary>
    public long RssBeforeGcBytes { get; init; }

    public long RssAfterGcBytes { get; init; }

    public long HeapBeforeGcBytes { get; init; }

    public long HeapAfterGcBytes { get; init; }

    /// <summary>Why it was not measured, when it was not.</summary>
    public string? Skipped { get; init; }
}
