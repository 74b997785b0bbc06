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
        int nodePort = LocalCluster.CommonFreePort(loopbacks);
        int proxyPort = LocalCluster.CommonFreePort(loopbacks[..2]);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "scriptproxy.dll"), "cluster", "up", "--nodes", "3", "--node-port", $"{nodePort}", "--proxies", "2", "--proxy-port", $"{proxyPort}"])
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
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
        try
        {
            await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
            string banner;
            lock (output) banner = output.ToString();
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
}
