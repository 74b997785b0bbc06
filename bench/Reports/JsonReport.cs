using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptProxy.Bench.Reports;

public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(BenchReport report, string command) => JsonSerializer.Serialize(new
    {
        command,
        machine = report.Machine,
        startedUtc = report.StartedUtc,
        finishedUtc = report.FinishedUtc,
        mode = report.Options.Quick ? "quick" : "full",
        options = new
        {
            connections = report.Options.Connections,
            rounds = report.Options.Rounds,
            warmupSeconds = report.Options.Warmup.TotalSeconds,
            durationSeconds = report.Options.Duration.TotalSeconds,
            workload = report.Options.Workload.ToString(),
            protocol = report.Options.Version,
            lz4 = report.Options.Lz4,
            rateFraction = report.Options.RateFraction,
        },
        skipped = report.Skipped,
        rows = report.Rows(),
        reload = report.Reload,
        measurements = report.Measurements,
    }, Options);
}
