namespace ScriptProxy.Bench.Load;

/// <summary>One load run: where, how many connections, how much pipelining, which protocol and workload, how long.</summary>
public sealed record LoadSpec
{
    public required System.Net.IPEndPoint Target { get; init; }

    public int Connections { get; init; } = 10;

    /// <summary>Requests in flight per connection in max-throughput mode (closed loop).</summary>
    public int Concurrency { get; init; } = 8;

    public byte Version { get; init; } = 4;

    public bool Lz4 { get; init; }

    public Workload Workload { get; init; } = Workload.Mixed;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fixed-rate mode when set: requests per second over all connections (open loop, coordinated omission corrected).</summary>
    public double? Rate { get; init; }

    /// <summary>Default concurrency: about 128 requests in flight in total, at least 1 per connection.</summary>
    public static int DefaultConcurrency(int connections) => Math.Clamp(128 / Math.Max(1, connections), 1, 128);
}
