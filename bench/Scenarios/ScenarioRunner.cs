using System.Diagnostics;
using System.Net;
using ScriptProxy.Bench.Load;
using ScriptProxy.Bench.Reports;
using ScriptProxy.Client;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>
/// Starts a standalone node, one proxy per proxy scenario and HAProxy on loopback, then measures every scenario at
/// every connection count in interleaved rounds (so drift and other load on the machine hit all of them alike):
/// first max throughput, then a fixed rate at a fraction of the slowest baseline's max. Stops everything it started.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly RunnerOptions _options;
    private readonly string _root;
    private readonly string _work;
    private readonly List<ChildProcess> _children = [];
    private readonly Dictionary<string, (IPEndPoint EndPoint, ChildProcess? Process)> _targets = [];
    private readonly Dictionary<string, string> _skipped = [];
    private ChildProcess? _node;
    private IPEndPoint _nodeEndPoint = null!;

    public ScenarioRunner(RunnerOptions options, string repositoryRoot)
    {
        _options = options;
        _root = repositoryRoot;
        _work = Path.Combine(Path.GetTempPath(), $"scriptproxy-bench-{Environment.ProcessId}");
    }

    public static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        try
        {
            Directory.CreateDirectory(_work);
            string hostDll = HostDll();
            await StartNodeAsync(hostDll, cancellationToken).ConfigureAwait(false);
            var scenarios = Scenario.All(_root).Where(s => _options.Scenarios is null || _options.Scenarios.Contains(s.Name)).ToList();
            if (_options.BaselineHost is { } baseline)
            {
                if (!File.Exists(baseline)) throw new FileNotFoundException($"--baseline-host: {baseline} does not exist");
                // Each proxy row right after its baseline twin: rounds interleave them, so machine noise hits both alike.
                scenarios = [.. scenarios.SelectMany(s => s.Kind == ScenarioKind.Proxy ? new[] { s with { Name = s.Name + "@base", HostDll = baseline }, s } : [s])];
            }
            await StartTargetsAsync(hostDll, scenarios).ConfigureAwait(false);
            var available = scenarios.Where(s => _targets.ContainsKey(s.Name)).ToList();
            var measurements = new List<Measurement>();
            foreach (int connections in _options.Connections)
            {
                measurements.AddRange(await RoundsAsync(available, connections, rate: null, cancellationToken).ConfigureAwait(false));
                if (_options.RateFraction <= 0) continue;
                double? rate = FixedRate(measurements, connections);
                if (rate is null) continue;
                measurements.AddRange(await RoundsAsync(available, connections, rate, cancellationToken).ConfigureAwait(false));
            }
            ReloadResult? reload = null;
            if (_options.Reloads > 0)
            {
                reload = await ReloadBenchmark.RunAsync(hostDll, Path.Combine(_work, "reload"), _nodeEndPoint, _options.Reloads, _children, cancellationToken).ConfigureAwait(false);
            }
            return new BenchReport(_options, Machine.Describe(), started, DateTime.UtcNow, measurements, _skipped, reload);
        }
        finally
        {
            foreach (var child in _children) child.Dispose();
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private string HostDll()
    {
        string dll = Path.Combine(_root, "host", "bin", "Release", "net10.0", "scriptproxy.dll");
        if (!_options.NoBuild || !File.Exists(dll))
        {
            Build(Path.Combine(_root, "host", "ScriptProxy.Host.csproj"));
            Build(Path.Combine(_root, "plugins", "src", "AuditPlugin", "AuditPlugin.csproj"));
        }
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing after the build");
        return dll;
    }

    private static void Build(string project)
    {
        if (!File.Exists(project)) return;
        Log($"dotnet build -c Release {Path.GetFileName(project)}");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "build", "-c", "Release", "--nologo", "-v", "q", project }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"build of {project} failed:\n{output}");
    }

    private async Task StartNodeAsync(string hostDll, CancellationToken cancellationToken)
    {
        _nodeEndPoint = FreePort.Next();
        _node = ChildProcess.Start("node", "dotnet", [hostDll, "node", "--listen", _nodeEndPoint.ToString()], _work);
        _children.Add(_node);
        await _node.WaitForPortAsync(_nodeEndPoint, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        Log($"node listening on {_nodeEndPoint} (pid {_node.Pid})");
        await using var connection = await CqlConnection.ConnectAsync(_nodeEndPoint, new CqlConnectionOptions { Version = _options.Version }, cancellationToken).ConfigureAwait(false);
        await WorkloadStatements.CreateSchemaAsync(connection).ConfigureAwait(false);
    }

    private async Task StartTargetsAsync(string hostDll, List<Scenario> scenarios)
    {
        var starting = new List<(Scenario Scenario, IPEndPoint EndPoint, ChildProcess Process)>();
        foreach (var scenario in scenarios)
        {
            switch (scenario.Kind)
            {
                case ScenarioKind.Direct:
                    _targets[scenario.Name] = (_nodeEndPoint, null);
                    break;
                case ScenarioKind.Haproxy:
                    var haproxy = HaproxyLauncher.EnsureInstalled(Log);
                    if (haproxy is null)
                    {
                        _skipped[scenario.Name] = "haproxy is not installed and could not be installed";
                        break;
                    }
                    var hp = FreePort.Next();
                    var hpProcess = HaproxyLauncher.Start(haproxy, Path.Combine(_work, scenario.Name), hp, _nodeEndPoint);
                    _children.Add(hpProcess);
                    starting.Add((scenario, hp, hpProcess));
                    break;
                default:
                    var listen = FreePort.Next();
                    string config = ProxyConfigWriter.Write(Path.Combine(_work, scenario.Name), listen, _nodeEndPoint, scenario, generousBudgets: _options.Quick);
                    var proxy = ChildProcess.Start($"proxy {scenario.Name}", "dotnet", [scenario.HostDll ?? hostDll, "run", "--config", config], Path.GetDirectoryName(config));
                    _children.Add(proxy);
                    starting.Add((scenario, listen, proxy));
                    break;
            }
        }
        foreach (var (scenario, endPoint, process) in starting)
        {
            try
            {
                await process.WaitForPortAsync(endPoint, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                _targets[scenario.Name] = (endPoint, process);
                Log($"{scenario.Name} listening on {endPoint} (pid {process.Pid})");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                string first = process.FirstProblem(e.Message);
                bool stagesRejected = scenario.Stages is not null && first.Contains("stages", StringComparison.OrdinalIgnoreCase);
                _skipped[scenario.Name] = stagesRejected ? $"not available yet (the proxy rejects \"stages\": {first.Trim()})" : $"did not start: {first.Trim()}";
                Log($"SKIP {scenario.Name}: {_skipped[scenario.Name]}");
                process.Dispose();
            }
        }
    }

    private async Task<List<Measurement>> RoundsAsync(List<Scenario> scenarios, int connections, double? rate, CancellationToken cancellationToken)
    {
        var results = new List<Measurement>();
        for (int round = 1; round <= _options.Rounds; round++)
        {
            foreach (var scenario in scenarios)
            {
                if (!_targets.TryGetValue(scenario.Name, out var target)) continue;
                var m = await MeasureAsync(scenario, target.EndPoint, target.Process, connections, rate, round, cancellationToken).ConfigureAwait(false);
                results.Add(m);
                Log($"{(rate is null ? "max " : "rate")} c={connections,-4} r{round} {scenario.Name,-12} {m.Load.OpsPerSecond,9:0} ops/s  p50 {m.Load.P50Us,7:0.0} us  p99 {m.Load.P99Us,8:0.0} us" +
                    $"{(m.ProxyCpuSeconds is { } cpu ? $"  proxy cpu {cpu * 1e6 / Math.Max(1, m.Load.Operations),6:0.0} us/op  rss {m.ProxyRssBytes / 1048576.0,5:0} MB" : "")}" +
                    $"{(m.Load.Errors > 0 ? $"  ERRORS {m.Load.Errors}: {m.Load.FirstError}" : "")}");
            }
        }
        return results;
    }

    private async Task<Measurement> MeasureAsync(Scenario scenario, IPEndPoint target, ChildProcess? process, int connections, double? rate, int round, CancellationToken cancellationToken)
    {
        var spec = new LoadSpec
        {
            Target = target,
            Connections = connections,
            Concurrency = _options.ConcurrencyFor(connections),
            Version = _options.Version,
            Lz4 = _options.Lz4,
            Workload = _options.Workload,
            Warmup = _options.Warmup,
            Duration = _options.Duration,
            Rate = rate,
        };
        ProcessStats proxyBefore = default, proxyAfter = default, nodeBefore = default, nodeAfter = default;
        await using var generator = await LoadGenerator.ConnectAsync(spec, cancellationToken).ConfigureAwait(false);
        var load = await generator.RunAsync(cancellationToken, start =>
        {
            if (start)
            {
                nodeBefore = ProcessStats.Read(_node!.Pid);
                if (process is not null) proxyBefore = ProcessStats.Read(process.Pid);
            }
            else
            {
                nodeAfter = ProcessStats.Read(_node!.Pid);
                if (process is not null) proxyAfter = ProcessStats.Read(process.Pid);
            }
        }).ConfigureAwait(false);
        return new Measurement
        {
            Scenario = scenario.Name,
            Connections = connections,
            Mode = rate is null ? "max" : "rate",
            Rate = rate,
            Round = round,
            Load = load,
            ProxyCpuSeconds = process is null ? null : proxyAfter.CpuSeconds - proxyBefore.CpuSeconds,
            ProxyRssBytes = process is null ? null : proxyAfter.RssBytes,
            NodeCpuSeconds = nodeAfter.CpuSeconds - nodeBefore.CpuSeconds,
        };
    }

    /// <summary>The fixed rate for a connection count: a fraction of the slowest of direct/bypass/haproxy (median max).</summary>
    private double? FixedRate(List<Measurement> measurements, int connections)
    {
        var maxima = measurements.Where(m => m.Connections == connections && m.Mode == "max" && m.Scenario is "direct" or "bypass" or "haproxy")
            .GroupBy(m => m.Scenario)
            .Select(g => Stats.Median(g.Select(m => m.Load.OpsPerSecond)))
            .Where(v => v > 0)
            .ToList();
        if (maxima.Count == 0) return null;
        return Math.Round(maxima.Min() * _options.RateFraction / 100) * 100;
    }
}
