using System.Globalization;
using System.Text;

namespace ScriptProxy.Bench.Reports;

/// <summary>Two panels: max throughput against connections, and p99 (fixed rate when measured) against connections.</summary>
public static class SvgChart
{
    private const int PanelWidth = 460, PanelHeight = 320, Left = 70, Top = 40, Bottom = 50, Right = 20, LegendWidth = 150;
    private static readonly string[] Colors = ["#222222", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];

    public static string Render(BenchReport report)
    {
        var rows = report.Rows();
        var scenarios = rows.Select(r => r.Scenario).Distinct().ToList();
        var connections = rows.Select(r => r.Connections).Distinct().Order().ToList();
        bool rate = rows.Any(r => r.Mode == "rate");
        var sb = new StringBuilder();
        int width = PanelWidth * 2 + LegendWidth;
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{PanelHeight}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{PanelHeight}\" fill=\"white\"/>");
        Panel(sb, 0, "Max throughput (ops/s)", scenarios, connections, s => rows.Where(r => r.Scenario == s && r.Mode == "max").Select(r => (r.Connections, r.OpsPerSecond)), log: false);
        Panel(sb, PanelWidth, rate ? "p99 at fixed rate (us)" : "p99 at max throughput (us)", scenarios, connections,
            s => rows.Where(r => r.Scenario == s && r.Mode == (rate ? "rate" : "max")).Select(r => (r.Connections, r.P99Us)), log: true);
        for (int i = 0; i < scenarios.Count; i++)
        {
            int y = Top + i * 20;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{PanelWidth * 2 + 10}\" y1=\"{y}\" x2=\"{PanelWidth * 2 + 35}\" y2=\"{y}\" stroke=\"{Colors[i % Colors.Length]}\" stroke-width=\"3\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{PanelWidth * 2 + 42}\" y=\"{y + 4}\">{scenarios[i]}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Panel(StringBuilder sb, int x0, string title, List<string> scenarios, List<int> connections, Func<string, IEnumerable<(int C, double V)>> series, bool log)
    {
        int w = PanelWidth - Left - Right, h = PanelHeight - Top - Bottom;
        var all = scenarios.SelectMany(s => series(s).Select(p => p.V)).Where(v => v > 0).ToList();
        if (all.Count == 0 || connections.Count == 0) return;
        double min = log ? Math.Pow(10, Math.Floor(Math.Log10(all.Min()))) : 0;
        double max = log ? Math.Pow(10, Math.Ceiling(Math.Log10(all.Max()))) : Nice(all.Max());
        if (max <= min) max = min * 10 + 1;
        double Y(double v) => Top + h - h * (log ? (Math.Log10(Math.Max(v, min)) - Math.Log10(min)) / (Math.Log10(max) - Math.Log10(min)) : (v - min) / (max - min));
        double X(int c) => x0 + Left + (connections.Count == 1 ? w / 2.0 : w * connections.IndexOf(c) / (double)(connections.Count - 1));
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + Left}\" y=\"{Top - 15}\" font-weight=\"bold\">{title}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0 + Left}\" y=\"{Top}\" width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"#999\"/>");
        var ticks = log ? Enumerable.Range(0, (int)Math.Round(Math.Log10(max / min)) + 1).Select(i => min * Math.Pow(10, i)) : Enumerable.Range(0, 5).Select(i => max * i / 4);
        foreach (var t in ticks)
        {
            double y = Y(t);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0 + Left}\" y1=\"{y:0.#}\" x2=\"{x0 + Left + w}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + Left - 5}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Short(t)}</text>");
        }
        foreach (int c in connections)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(c):0.#}\" y=\"{Top + h + 18}\" text-anchor=\"middle\">{c}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + Left + w / 2}\" y=\"{Top + h + 38}\" text-anchor=\"middle\">connections</text>");
        for (int i = 0; i < scenarios.Count; i++)
        {
            var points = series(scenarios[i]).Where(p => p.V > 0).OrderBy(p => p.C).Select(p => $"{X(p.C):0.#},{Y(p.V):0.#}").ToList();
            if (points.Count == 0) continue;
            string color = Colors[i % Colors.Length];
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>");
            foreach (var p in points)
            {
                var xy = p.Split(',');
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"3\" fill=\"{color}\"/>");
            }
        }
    }

    private static double Nice(double v)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (double m in new[] { 1, 2, 2.5, 5, 10 }) if (m * p >= v) return m * p;
        return 10 * p;
    }

    private static string Short(double v) => v >= 1e6 ? $"{v / 1e6:0.#}M" : v >= 1e3 ? $"{v / 1e3:0.#}k" : v.ToString("0.#", CultureInfo.InvariantCulture);
}
