using System.Globalization;
using System.Net;
using ScriptProxy.Bench.Load;
using ScriptProxy.Bench.Reports;
using ScriptProxy.Bench.Scenarios;
using ScriptProxy.Client;

namespace ScriptProxy.Bench;

/// <summary>The harness commands: <c>load</c> (the generator alone) and <c>run</c>/<c>quick</c> (the scenario runner).</summary>
internal static class Commands
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench -- <command>
          micro [BenchmarkDotNet args]     frame codec micro-benchmarks
          quick                            scenario runner, a few seconds (CI): every scenario runs, no thresholds
          run [options]                    scenario runner, full mode: node, proxies, HAProxy; writes bench/results/
            --connections 1,10,100,1000  --rounds 3  --warmup 2  --duration 5  --workload write_blob|read_i64|mixed
            --protocol 4|5  --lz4  --concurrency N  --scenarios direct,bypass,haproxy,cs-empty,cs-keyspace,js,plugin,
                         cs-keyspace-inline,js-inline,plugin-inline
            --rate-fraction 0.5  --reloads 500  --out DIR  --no-build
            --baseline-host PATH/scriptproxy.dll   also run every proxy row on that build as NAME@base (A/B)
          load --target HOST:PORT [--schema] --connections 10 --concurrency 8 --duration 5 --warmup 1
               --workload mixed --protocol 4 [--lz4] [--rate OPS]    the load generator alone
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string root = RepositoryRoot();
        var options = RunnerOptions.Parse(args, Path.Combine(root, "bench", "results"));
        string command = "dotnet run -c Release --project bench -- " + string.Join(' ', args);
        ScenarioRunner.Log(options.Describe());
        // Every run is bounded: the rounds, plus generous slack for start-up, connects and drains.
        double perRun = options.Warmup.TotalSeconds + options.Duration.TotalSeconds + 15;
        double budget = 300 + options.Connections.Count * 2 * options.Rounds * Scenario.All(root).Count * perRun + options.Reloads * 0.5;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(budget));
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var report = await new ScenarioRunner(options, root).RunAsync(cts.Token);
        string mode = options.Quick ? "quick" : "full";
        Directory.CreateDirectory(options.OutputDirectory);
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string markdown = MarkdownReport.Render(report, command);
        foreach (string name in new[] { $"{mode}-latest", $"{mode}-{stamp}" })
        {
            File.WriteAllText(Path.Combine(options.OutputDirectory, name + ".md"), markdown);
            File.WriteAllText(Path.Combine(options.OutputDirectory, name + ".json"), JsonReport.Render(report, command));
            File.WriteAllText(Path.Combine(options.OutputDirectory, name + ".svg"), SvgChart.Render(report));
        }
        Console.WriteLine(markdown);
        Console.WriteLine($"written: {Path.Combine(options.OutputDirectory, mode + "-latest")}.{{md,json,svg}}");
        var problems = report.Problems();
        foreach (var p in problems) Console.Error.WriteLine("PROBLEM: " + p);
        return problems.Count == 0 && report.Measurements.Count > 0 ? 0 : 1;
    }

    public static async Task<int> LoadAsync(string[] args)
    {
        IPEndPoint? target = null;
        bool schema = false;
        var spec = new LoadSpec { Target = new IPEndPoint(IPAddress.Loopback, 9042) };
        int? concurrency = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double D() => double.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--target": target = IPEndPoint.Parse(Value()); break;
                case "--schema": schema = true; break;
                case "--connections": spec = spec with { Connections = (int)D() }; break;
                case "--concurrency": concurrency = (int)D(); break;
                case "--duration": spec = spec with { Duration = TimeSpan.FromSeconds(D()) }; break;
                case "--warmup": spec = spec with { Warmup = TimeSpan.FromSeconds(D()) }; break;
                case "--workload": spec = spec with { Workload = WorkloadNames.Parse(Value()) }; break;
                case "--protocol": spec = spec with { Version = byte.Parse(Value().TrimStart('v'), CultureInfo.InvariantCulture) }; break;
                case "--lz4": spec = spec with { Lz4 = true }; break;
                case "--rate": spec = spec with { Rate = D() }; break;
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }
        spec = spec with { Target = target ?? spec.Target, Concurrency = concurrency ?? LoadSpec.DefaultConcurrency(spec.Connections) };
        if (schema)
        {
            await using var c = await CqlConnection.ConnectAsync(spec.Target, new CqlConnectionOptions { Version = spec.Version });
            await WorkloadStatements.CreateSchemaAsync(c);
        }
        await using var generator = await LoadGenerator.ConnectAsync(spec, CancellationToken.None);
        var r = await generator.RunAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Workload.Name()} v{spec.Version}{(spec.Lz4 ? "+lz4" : "")} c={spec.Connections}x{spec.Concurrency}{(spec.Rate is { } rate ? $" rate={rate:0}" : "")}: " +
            $"{r.OpsPerSecond:0} ops/s, p50 {r.P50Us:0.0} us, p99 {r.P99Us:0.0} us, p99.9 {r.P999Us:0.0} us, max {r.MaxUs:0} us, errors {r.Errors}" +
            $"{(r.FirstError is null ? "" : $" ({r.FirstError})")}, generator cpu {r.GeneratorCpuSeconds * 1e6 / Math.Max(1, r.Operations):0.0} us/op"));
        return r.Errors == 0 && r.Operations > 0 ? 0 : 1;
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ScriptProxy.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (ScriptProxy.sln) above the current directory");
    }
}
