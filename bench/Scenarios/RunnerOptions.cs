using System.Globalization;
using ScriptProxy.Bench.Load;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>Options of <c>bench -- run</c> / <c>bench -- quick</c>.</summary>
public sealed record RunnerOptions
{
    public bool Quick { get; init; }

    public IReadOnlyList<int> Connections { get; init; } = [1, 10, 100, 1000];

    public int Rounds { get; init; } = 3;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public Workload Workload { get; init; } = Workload.Mixed;

    public byte Version { get; init; } = 4;

    public bool Lz4 { get; init; }

    /// <summary>Requests in flight per connection; null = <see cref="LoadSpec.DefaultConcurrency"/>.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Scenario names to run; null = all.</summary>
    public IReadOnlySet<string>? Scenarios { get; init; }

    /// <summary>Fixed-rate phase at this fraction of the slowest baseline's max (0 = no fixed-rate phase).</summary>
    public double RateFraction { get; init; } = 0.5;

    /// <summary>Hot reloads to measure (0 = skip).</summary>
    public int Reloads { get; init; } = 500;

    public string OutputDirectory { get; init; } = "";

    /// <summary>Skip `dotnet build -c Release` of host and plugin (they must be built already).</summary>
    public bool NoBuild { get; init; }

    /// <summary>
    /// A second build's scriptproxy.dll (e.g. a worktree of main): every proxy scenario also runs on it as
    /// "NAME@base", interleaved in the same rounds, so a change is measured side by side in one run.
    /// </summary>
    public string? BaselineHost { get; init; }

    public static RunnerOptions Parse(string[] args, string defaultOutput)
    {
        bool quick = args.Contains("--quick") || (args.Length > 0 && args[0] == "quick");
        var o = quick
            ? new RunnerOptions { Quick = true, Connections = [10], Rounds = 1, Warmup = TimeSpan.FromSeconds(0.2), Duration = TimeSpan.FromSeconds(0.5), Reloads = 3, RateFraction = 0.25 }
            : new RunnerOptions();
        o = o with { OutputDirectory = defaultOutput };
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "run" or "quick" or "--quick": break;
                case "--connections": o = o with { Connections = [.. Value().Split(',').Select(int.Parse)] }; break;
                case "--rounds": o = o with { Rounds = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--warmup": o = o with { Warmup = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) }; break;
                case "--duration": o = o with { Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) }; break;
                case "--workload": o = o with { Workload = WorkloadNames.Parse(Value()) }; break;
                case "--protocol": o = o with { Version = byte.Parse(Value().TrimStart('v'), CultureInfo.InvariantCulture) }; break;
                case "--lz4": o = o with { Lz4 = true }; break;
                case "--concurrency": o = o with { Concurrency = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--scenarios": o = o with { Scenarios = Value().Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase) }; break;
                case "--rate-fraction": o = o with { RateFraction = double.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--reloads": o = o with { Reloads = int.Parse(Value(), CultureInfo.InvariantCulture) }; break;
                case "--out": o = o with { OutputDirectory = Path.GetFullPath(Value()) }; break;
                case "--no-build": o = o with { NoBuild = true }; break;
                case "--baseline-host": o = o with { BaselineHost = Path.GetFullPath(Value()) }; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return o;
    }

    public int ConcurrencyFor(int connections) => Concurrency ?? LoadSpec.DefaultConcurrency(connections);

    public string Describe() =>
        $"{(Quick ? "quick" : "full")}: workload {Workload.Name()}, protocol v{Version}{(Lz4 ? " + LZ4" : "")}, connections {string.Join(",", Connections)}, " +
        $"{Rounds} round(s) of {Warmup.TotalSeconds:0.#} s warm-up + {Duration.TotalSeconds:0.#} s, fixed rate at {RateFraction:P0} of the slowest baseline's max";
}
