using ScriptProxy.Bench.Scenarios;

namespace ScriptProxy.Bench.Reports;

/// <summary>One table row: the medians over the rounds of one scenario, connection count and mode, with ratios.</summary>
public sealed record ResultRow
{
    public required string Scenario { get; init; }
    public required int Connections { get; init; }
    public required string Mode { get; init; }
    public double? Rate { get; init; }
    public int Rounds { get; init; }
    public double OpsPerSecond { get; init; }
    public double P50Us { get; init; }
    public double P99Us { get; init; }
    public double P999Us { get; init; }
    public double MaxUs { get; init; }
    public long Errors { get; init; }
    public string? FirstError { get; init; }
    public double? ProxyRssMb { get; init; }
    public double? ProxyCpuUsPerOp { get; init; }
    public double? ProxyCpuPercent { get; init; }
    public double NodeCpuUsPerOp { get; init; }
    public double GeneratorCpuUsPerOp { get; init; }
    public double? OpsVsDirect { get; init; }
    public double? OpsVsHaproxy { get; init; }
    public double? CpuVsHaproxy { get; init; }
    /// <summary>p50 minus direct's p50 (the latency the hop adds).</summary>
    public double? AddedP50Us { get; init; }
    public double? AddedP99Us { get; init; }

    public static List<ResultRow> Aggregate(IEnumerable<Measurement> measurements)
    {
        var rows = measurements.GroupBy(m => (m.Scenario, m.Connections, m.Mode)).Select(g =>
        {
            var list = g.ToList();
            double M(Func<Measurement, double> f) => Stats.Median(list.Select(f));
            bool proxied = list[0].ProxyCpuSeconds is not null;
            return new ResultRow
            {
                Scenario = g.Key.Scenario,
                Connections = g.Key.Connections,
                Mode = g.Key.Mode,
                Rate = list[0].Rate,
                Rounds = list.Count,
                OpsPerSecond = M(m => m.Load.OpsPerSecond),
                P50Us = M(m => m.Load.P50Us),
                P99Us = M(m => m.Load.P99Us),
                P999Us = M(m => m.Load.P999Us),
                MaxUs = M(m => m.Load.MaxUs),
                Errors = list.Sum(m => m.Load.Errors),
                FirstError = list.Select(m => m.Load.FirstError).FirstOrDefault(e => e is not null),
                ProxyRssMb = proxied ? M(m => m.ProxyRssBytes!.Value / 1048576.0) : null,
                ProxyCpuUsPerOp = proxied ? M(m => m.ProxyCpuSeconds!.Value * 1e6 / Math.Max(1, m.Load.Operations)) : null,
                ProxyCpuPercent = proxied ? M(m => m.ProxyCpuSeconds!.Value * 100 / Math.Max(1e-9, m.Load.Seconds)) : null,
                NodeCpuUsPerOp = M(m => m.NodeCpuSeconds * 1e6 / Math.Max(1, m.Load.Operations)),
                GeneratorCpuUsPerOp = M(m => m.Load.GeneratorCpuSeconds * 1e6 / Math.Max(1, m.Load.Operations)),
            };
        }).ToList();
        return [.. rows.Select(r => WithRatios(r, rows)).OrderBy(r => r.Mode == "max" ? 0 : 1).ThenBy(r => r.Connections).ThenBy(r => Order(r.Scenario))];
    }

    private static ResultRow WithRatios(ResultRow r, List<ResultRow> rows)
    {
        var direct = rows.FirstOrDefault(x => x.Scenario == "direct" && x.Connections == r.Connections && x.Mode == r.Mode);
        var haproxy = rows.FirstOrDefault(x => x.Scenario == "haproxy" && x.Connections == r.Connections && x.Mode == r.Mode);
        return r with
        {
            OpsVsDirect = direct is { OpsPerSecond: > 0 } ? r.OpsPerSecond / direct.OpsPerSecond : null,
            OpsVsHaproxy = haproxy is { OpsPerSecond: > 0 } ? r.OpsPerSecond / haproxy.OpsPerSecond : null,
            CpuVsHaproxy = haproxy?.ProxyCpuUsPerOp is > 0 && r.ProxyCpuUsPerOp is { } cpu ? cpu / haproxy.ProxyCpuUsPerOp.Value : null,
            AddedP50Us = direct is null ? null : r.P50Us - direct.P50Us,
            AddedP99Us = direct is null ? null : r.P99Us - direct.P99Us,
        };
    }

    // An A/B baseline row ("bypass@base") sorts right before its twin.
    private static int Order(string scenario) => 2 * BaseOrder(scenario.Replace("@base", "", StringComparison.Ordinal)) + (scenario.EndsWith("@base", StringComparison.Ordinal) ? 0 : 1);

    private static int BaseOrder(string scenario) => scenario switch
    {
        "direct" => 0, "haproxy" => 1, "bypass" => 2, "cs-empty" => 3, "cs-keyspace" => 4, "cs-keyspace-inline" => 5, "js" => 6, "js-inline" => 7,
        "plugin" => 8, "plugin-inline" => 9, _ => 10,
    };
}
