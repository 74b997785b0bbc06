using System.Diagnostics;
using System.Net;
using ScriptProxy.Host.Cli;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Cli;

/// <summary>The real <c>scriptproxy cluster up</c> process: it prints its banner, a driver queries through it, SIGTERM stops it.</summary>
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task ClusterUp_RealProcess_DriverQueriesThroughFirstProxy_AndSigtermStopsEverything()
    {
        var loopbacks = Enumerable.Range(1, 3).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToList();
        // The ports are free when picked, but the process binds them a second or two later: a listener of a test running
        // in parallel may take one in between. That start fails with "Cannot listen"; pick again (not a retry of the test).
        int nodePort = 0, proxyPort = 0;
        Process process = null!;
        var output = new System.Text.StringBuilder();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int attempt = 1; ; attempt++)
        {
            nodePort = LocalCluster.CommonFreePort(loopbacks);
            proxyPort = LocalCluster.CommonFreePort(loopbacks[..2]);
            (process, output, up) = Start(nodePort, proxyPort);
            var started = await Task.WhenAny(up.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            if (started == up.Task || attempt == 3 || !Text(output).Contains("Cannot listen", StringComparison.Ordinal)) break;
            process.Dispose();
        }
        using var _ = process;
        try
        {
            Assert.True(up.Task.IsCompleted, $"the cluster did not come up:\n{Text(output)}");
            string banner = Text(output);
            Assert.Contains($"127.0.0.3:{nodePort}", banner);
            Assert.Contains($"127.0.0.2:{proxyPort}", banner);

            var r = await DriverProcess.PythonAsync("smoke.py", TimeSpan.FromSeconds(120), $"{proxyPort}");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal("ScriptProxy Cluster", r.Json.GetProperty("cluster_name").GetString());

            using (var kill = Process.Start("kill", ["-TERM", $"{process.Id}"])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static string Text(System.Text.StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    private static (Process Process, System.Text.StringBuilder Output, TaskCompletionSource Up) Start(int nodePort, int proxyPort)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "scriptproxy.dll"), "cluster", "up", "--nodes", "3", "--node-port", $"{nodePort}", "--proxies", "2", "--proxy-port", $"{proxyPort}"])
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains("e.g. Python", StringComparison.Ordinal)) up.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output, up);
    }
}
