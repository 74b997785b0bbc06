using System.Diagnostics;

namespace ScriptProxy.Fuzz;

/// <summary>
/// Long mode: <c>dotnet run -c Release --project tests/ScriptProxy.Fuzz -- --cases 1000000 [--seed N] [--tcp-cases N]</c>.
/// Runs the in-process decoder fuzzer, then mutated frames over TCP through the real proxy, prints the
/// findings and exits 1 when there are any.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        long cases = 1_000_000;
        int seed = Environment.TickCount;
        int tcpCases = 20_000;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--cases": cases = long.Parse(args[i + 1]); break;
                case "--seed": seed = int.Parse(args[i + 1]); break;
                case "--tcp-cases": tcpCases = int.Parse(args[i + 1]); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; options: --cases N, --seed N, --tcp-cases N");
                    return 2;
            }
        }

        Console.WriteLine($"seed {seed}: {cases:N0} in-process cases, {tcpCases:N0} TCP cases");
        var clock = Stopwatch.StartNew();
        var runner = new FuzzRunner(seed);
        runner.RunWithWatchdog(cases, TimeSpan.FromSeconds(30), n => Console.WriteLine($"  {n:N0} cases, {clock.Elapsed.TotalSeconds:N0} s, {runner.Findings.Count} findings"));
        Console.WriteLine($"in-process: {runner.Cases:N0} cases in {clock.Elapsed.TotalSeconds:N1} s ({string.Join(", ", runner.CasesPerTarget.Select(p => $"{p.Key} {p.Value:N0}"))})");
        Console.WriteLine($"  body walk vs typed decoder: walk more lenient {runner.Targets.ValidatorLenient:N0}, walk stricter {runner.Targets.ValidatorStrict:N0}");
        foreach (var example in runner.Targets.DisagreementExamples.Take(8)) Console.WriteLine($"    {example}");
        Console.WriteLine($"  managed heap after: {GC.GetTotalMemory(forceFullCollection: true) / (1 << 20)} MiB");

        ProxyFuzzReport? tcp = null;
        if (tcpCases > 0)
        {
            clock.Restart();
            tcp = await ProxyFuzzer.RunAsync(seed, tcpCases, connections: 8, TimeSpan.FromMinutes(10));
            Console.WriteLine($"tcp: {tcp} in {clock.Elapsed.TotalSeconds:N1} s");
        }

        int findings = runner.Findings.Count + (tcp?.Violations.Count ?? 0);
        foreach (var f in runner.Findings) Console.WriteLine($"{f}\n  (hit {runner.FindingCounts.GetValueOrDefault(f.Signature)} times)");
        foreach (var v in tcp?.Violations ?? []) Console.WriteLine($"tcp: {v}");
        Console.WriteLine(findings == 0 ? "0 findings" : $"{findings} findings");
        return findings == 0 ? 0 : 1;
    }
}
