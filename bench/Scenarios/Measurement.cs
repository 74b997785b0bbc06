using ScriptProxy.Bench.Load;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>One run of one scenario at one connection count in one mode (a round's cell).</summary>
public sealed record Measurement
{
    public required string Scenario { get; init; }

    public required int Connections { get; init; }

    /// <summary>"max" (closed loop) or "rate" (fixed rate).</summary>
    public required string Mode { get; init; }

    public double? Rate { get; init; }

    public int Round { get; init; }

    public required LoadResult Load { get; init; }

    /// <summary>CPU seconds the proxy (or HAProxy) used during the measured window; null for direct.</summary>
    public double? ProxyCpuSeconds { get; init; }

    /// <summary>Proxy resident memory at the end of the window.</summary>
    public long? ProxyRssBytes { get; init; }

    public double NodeCpuSeconds { get; init; }
}
