namespace ScriptProxy.Bench.Load;

/// <summary>What one load run measured. Latencies in microseconds.</summary>
public sealed record LoadResult
{
    public required long Operations { get; init; }

    public required long Errors { get; init; }

    public required double Seconds { get; init; }

    public double OpsPerSecond => Seconds > 0 ? Operations / Seconds : 0;

    public required double P50Us { get; init; }

    public required double P99Us { get; init; }

    public required double P999Us { get; init; }

    public required double MaxUs { get; init; }

    public required double MeanUs { get; init; }

    /// <summary>The first error message seen, if any.</summary>
    public string? FirstError { get; init; }

    /// <summary>CPU seconds the load generator itself used during the measured window.</summary>
    public double GeneratorCpuSeconds { get; init; }

    public static LoadResult From(LatencyHistogram h, long errors, double seconds, string? firstError, double generatorCpu) => new()
    {
        Operations = h.Count,
        Errors = errors,
        Seconds = seconds,
        P50Us = h.ValueAt(0.50) / 1000.0,
        P99Us = h.ValueAt(0.99) / 1000.0,
        P999Us = h.ValueAt(0.999) / 1000.0,
        MaxUs = h.Max / 1000.0,
        MeanUs = h.Mean() / 1000.0,
        FirstError = firstError,
        GeneratorCpuSeconds = generatorCpu,
    };
}
