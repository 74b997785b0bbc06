using System.Globalization;
using System.Text;

namespace ScriptProxy.Bench.Reports;

/// <summary>The human-readable report: the command, the machine, the table with ratios, target checks, reload.</summary>
public static class MarkdownReport
{
    public static string Render(BenchReport report, string command)
    {
        var rows = report.Rows();
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# ScriptProxy benchmark ({(report.Options.Quick ? "quick" : "full")} mode)");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- command: `{command}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- machine: {report.Machine}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- run: {report.StartedUtc:yyyy-MM-dd HH:mm} UTC, {(report.FinishedUtc - report.StartedUtc).TotalMinutes:0.0} min; {report.Options.Describe()}");
        sb.AppendLine("- load generator, node, proxy and HAProxy share the same cores (loopback); medians over rounds; latency in microseconds, fixed-rate latency measured from each request's intended start (coordinated omission corrected)");
        sb.AppendLine("- proxy columns are the proxy process (or HAProxy) alone; `cpu us/op` = its CPU time / requests; ratios are to `direct` (ops) and `haproxy` (ops, CPU)");
        foreach (var (name, reason) in report.Skipped) sb.AppendLine(CultureInfo.InvariantCulture, $"- **{name}: skipped** — {reason}");
        foreach (var mode in new[] { "max", "rate" })
        {
            var part = rows.Where(r => r.Mode == mode).ToList();
            if (part.Count == 0) continue;
            sb.AppendLine();
            sb.AppendLine(mode == "max" ? "## Max throughput (closed loop)" : "## Fixed rate (open loop, at the given rate)");
            sb.AppendLine();
            sb.AppendLine("| conns | scenario | rate | ops/s | x direct | x haproxy | p50 | p99 | p99.9 | max | +p50 | +p99 | proxy RSS MB | proxy CPU % | proxy cpu us/op | x haproxy cpu | errors |");
            sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in part)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Connections} | {r.Scenario} | {F(r.Rate, "0")} | {r.OpsPerSecond:0} | {F(r.OpsVsDirect, "0.00")} | {F(r.OpsVsHaproxy, "0.00")} | {r.P50Us:0} | {r.P99Us:0} | {r.P999Us:0} | {r.MaxUs:0} | " +
                    $"{F(r.AddedP50Us, "+0;-0")} | {F(r.AddedP99Us, "+0;-0")} | {F(r.ProxyRssMb, "0")} | {F(r.ProxyCpuPercent, "0")} | {F(r.ProxyCpuUsPerOp, "0.0")} | {F(r.CpuVsHaproxy, "0.00")} | {r.Errors} |");
            }
        }
        sb.AppendLine();
        sb.AppendLine("## Targets (bypass vs HAProxy)");
        sb.AppendLine();
        foreach (var line in Targets.Check(rows)) sb.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        if (report.Reload is { } reload)
        {
            sb.AppendLine();
            sb.AppendLine("## Hot reload");
            sb.AppendLine();
            if (reload.Skipped is not null)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- skipped: {reload.Skipped}");
            }
            else
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {reload.Observed}/{reload.Reloads} reloads went live; save-to-live p50 {reload.P50Ms:0.0} ms, p99 {reload.P99Ms:0.0} ms, max {reload.MaxMs:0.0} ms");
                sb.AppendLine(CultureInfo.InvariantCulture, $"- proxy RSS {reload.RssBeforeBytes / 1048576.0:0} MB before, {reload.RssAfterBytes / 1048576.0:0} MB after {reload.Reloads} reloads");
                if (reload.HeapAfterGcBytes > 0)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"- after a forced full compacting GC in the proxy: RSS {reload.RssBeforeGcBytes / 1048576.0:0} MB before, {reload.RssAfterGcBytes / 1048576.0:0} MB after; " +
                        $"managed heap {reload.HeapBeforeGcBytes / 1048576.0:0.0} MB before, {reload.HeapAfterGcBytes / 1048576.0:0.0} MB after");
                }
            }
        }
        return sb.ToString();
    }

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
