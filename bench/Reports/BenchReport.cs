using ScriptProxy.Bench.Scenarios;

namespace ScriptProxy.Bench.Reports;

/// <summary>Everything one runner invocation produced.</summary>
public sealed record BenchReport(
    RunnerOptions Options,
    string Machine,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyDictionary<string, string> Skipped,
    ReloadResult? Reload)
{
    public List<ResultRow> Rows() => ResultRow.Aggregate(Measurements);

    /// <summary>For the CI smoke test: every scenario that ran produced operations and no errors.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var m in Measurements)
        {
            if (m.Load.Operations == 0) problems.Add($"{m.Scenario} c={m.Connections} {m.Mode}: 0 operations ({m.Load.FirstError ?? "no error recorded"})");
            if (m.Load.Errors > 0) problems.Add($"{m.Scenario} c={m.Connections} {m.Mode}: {m.Load.Errors} errors, first: {m.Load.FirstError}");
        }
        return problems;
    }
}
