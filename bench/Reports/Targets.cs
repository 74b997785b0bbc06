using System.Globalization;

namespace ScriptProxy.Bench.Reports;

/// <summary>The issue's targets, checked against a table (bypass against HAProxy at each connection count).</summary>
public static class Targets
{
    public static IEnumerable<string> Check(List<ResultRow> rows)
    {
        ResultRow? Row(string scenario, int connections, string mode) =>
            rows.FirstOrDefault(r => r.Scenario == scenario && r.Connections == connections && r.Mode == mode);
        foreach (int c in rows.Select(r => r.Connections).Distinct().Order())
        {
            var bypass = Row("bypass", c, "max");
            var haproxy = Row("haproxy", c, "max");
            if (bypass is null || haproxy is null) continue;
            yield return Line(c, "throughput >= 1.0x HAProxy", bypass.OpsVsHaproxy ?? 0, bypass.OpsVsHaproxy >= 1.0, "0.00x");
            if (bypass.CpuVsHaproxy is { } cpu) yield return Line(c, "proxy CPU/request <= 1.25x HAProxy", cpu, cpu <= 1.25, "0.00x");
            var rb = Row("bypass", c, "rate");
            var rh = Row("haproxy", c, "rate");
            if (rb?.AddedP50Us is { } b50 && rh?.AddedP50Us is { } h50)
                yield return Line(c, $"added p50 <= HAProxy's ({h50:0} us) + 25 us", b50, b50 <= h50 + 25, "0 us");
            if (rb?.AddedP99Us is { } b99 && rh?.AddedP99Us is { } h99)
                yield return Line(c, $"added p99 <= HAProxy's ({h99:0} us) + 100 us", b99, b99 <= h99 + 100, "0 us");
            if (c == 100 && bypass.ProxyRssMb is { } rss) yield return Line(c, "proxy RSS <= 80 MB", rss, rss <= 80, "0 MB");
        }
        var perOp = rows.Where(r => r.Scenario == "bypass" && r.Mode == "max" && r.ProxyCpuUsPerOp is not null).OrderBy(r => r.Connections).ToList();
        if (perOp.Count >= 2)
        {
            double first = perOp[0].ProxyCpuUsPerOp!.Value, last = perOp[^1].ProxyCpuUsPerOp!.Value;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"cost vs connections: bypass CPU/request {string.Join(" -> ", perOp.Select(r => $"{r.ProxyCpuUsPerOp:0.0} us (c={r.Connections})"))}; " +
                $"{(last <= first * 1.5 ? "met" : "NOT met")} (linear = per-request cost flat within 1.5x)");
        }
    }

    private static string Line(int connections, string target, double value, bool met, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"c={connections}: {target}: {value.ToString(format, CultureInfo.InvariantCulture)} — {(met ? "met" : "**NOT met**")}");
}
