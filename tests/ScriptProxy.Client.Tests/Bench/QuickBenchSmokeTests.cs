using System.Diagnostics;
using System.Text.Json;

namespace ScriptProxy.Client.Tests.Bench;

/// <summary>
/// CI smoke test of the benchmark harness: `bench -- quick` (node, proxies, stages, HAProxy, a few seconds each).
/// No thresholds: every scenario that ran produced operations and no errors.
/// </summary>
public sealed class QuickBenchSmokeTests
{
    [Fact]
    [Trait("Category", "Bench")]
    public void Quick_EveryScenario_ProducesOperationsWithoutErrors()
    {
        string root = Root();
        string output = Path.Combine(Path.GetTempPath(), $"bench-smoke-{Environment.ProcessId}");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "run", "-c", "Release", "--project", "bench", "--", "quick", "--out", output }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(TimeSpan.FromMinutes(8));
        if (!exited) process.Kill(entireProcessTree: true);
        Assert.True(exited, "bench -- quick did not finish within 8 minutes");
        string log = stdout.Result + stderr.Result;

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "quick-latest.json")));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            string name = $"{row.GetProperty("scenario").GetString()} c={row.GetProperty("connections").GetInt32()} {row.GetProperty("mode").GetString()}";
            Assert.True(row.GetProperty("opsPerSecond").GetDouble() > 0, $"{name}: no operations\n{log}");
            Assert.True(row.GetProperty("errors").GetInt64() == 0, $"{name}: errors\n{log}");
        }
        Assert.True(process.ExitCode == 0, log);
        Directory.Delete(output, recursive: true);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScriptProxy.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found");
    }
}
