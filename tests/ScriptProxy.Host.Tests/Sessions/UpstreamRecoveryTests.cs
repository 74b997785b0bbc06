using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;
using Xunit.Abstractions;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// A real upstream process (scriptproxy node) SIGKILLed under load, then started again on the same port: every request
/// the proxy took is answered once, nothing hangs, and the same proxy serves new connections (and a live driver
/// session) once the upstream is back.
/// </summary>
public sealed class UpstreamRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UpstreamKilledUnderLoad_EveryRequestAnsweredOnceNoHang_ThenServedAgainWithoutRestart()
    {
        int port = NodeProcess.FreePort();
        var node = await NodeProcess.StartAsync(port);
        // A refused connect (upstream down) fails at once; the timeout only bounds a connect a loaded machine is slow to finish.
        await using var proxy = new ProxyHarness(node.EndPoint, c => c with { ConnectTimeout = TimeSpan.FromSeconds(10) });
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var clients = Enumerable.Range(0, 16).Select(_ => LoadClient.RunAsync(proxy.EndPoint, stop.Token)).ToArray();
            // Forwarded counts the 16 STARTUPs and up to 16 x 32 queries still in flight (answered with errors after the
            // kill): 3600 forwarded leaves more than 3000 answered with results before it, whatever the timing (killing at
            // 3000 forwarded left 2969 results on a fast run).
            const int Forwarded = 3000 + 16 + 16 * 32 + 72;
            for (int i = 0; i < 1200 && proxy.Server.Metrics.TotalRequests < Forwarded; i++) await Task.Delay(25);
            Assert.True(proxy.Server.Metrics.TotalRequests >= Forwarded, "load did not start");
            double atKill = proxy.Server.Metrics.TotalRequests;
            await node.KillAsync();
            output.WriteLine($"forwarded at kill: {atKill}, lost: {proxy.Server.Metrics.UpstreamLost.Value}");
            var finished = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var c in finished) output.WriteLine(c.ToString());
            int sent = finished.Sum(c => c.Sent), results = finished.Sum(c => c.Results), errors = finished.Sum(c => c.Errors.Count);
            output.WriteLine($"forwarded: {proxy.Server.Metrics.TotalRequests}, upstream lost: {proxy.Server.Metrics.UpstreamLost.Value}");
            output.WriteLine($"total: sent={sent} results={results} errors={errors} unanswered={finished.Sum(c => c.Unanswered)}");
            Assert.All(finished, c => Assert.Equal(0, c.Duplicates));
            Assert.All(finished, c => Assert.NotEqual("stopped", c.Ending));
            Assert.All(finished.SelectMany(c => c.Errors), e => Assert.StartsWith("0x0000 Upstream connection closed", e));
            Assert.True(results > 3000);
            // Requests the proxy forwarded and did not see answered were all answered by the proxy with an error.
            Assert.Equal(proxy.Server.Metrics.TotalRequests - 16, results + errors); // 16 STARTUPs were answered READY
            await WaitUntilAsync(() => proxy.Server.SessionCount == 0);

            // Outage: a new connection is told why on its first request.
            await using (var early = await RawCqlClient.ConnectAsync(proxy.EndPoint))
            {
                await early.SendAsync(Frames.Startup(1));
                var answer = (await early.ReadFrameAsync())!.Value;
                Assert.Equal(Opcode.Error, answer.Header.Opcode);
                Assert.Contains($"cannot reach upstream {node.EndPoint}", RawCqlClient.ParseError(answer.Body).Message);
            }

            // Back on the same port: the same proxy serves again.
            await using var again = await NodeProcess.StartAsync(port);
            // 5 s: the restarted node process is cold (JIT) and the machine may be loaded; 100 results is the bar.
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var after = await LoadClient.RunAsync(proxy.EndPoint, brief.Token);
            output.WriteLine($"after restart: {after}");
            Assert.True(after.Results > 100, after.ToString());
            Assert.Empty(after.Errors);
            Assert.Equal(0, after.Unanswered);
            var smoke = await DriverProcess.PythonAsync("smoke.py", TimeSpan.FromSeconds(60), proxy.EndPoint.Port.ToString());
            Assert.True(smoke.ExitCode == 0, smoke.ToString());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task LiveDriverSession_SurvivesUpstreamRestart_WithoutNewClusterOrProxyRestart()
    {
        int port = NodeProcess.FreePort();
        var node = await NodeProcess.StartAsync(port);
        // A refused connect (upstream down) fails at once; the timeout only bounds a connect a loaded machine is slow to finish.
        await using var proxy = new ProxyHarness(node.EndPoint, c => c with { ConnectTimeout = TimeSpan.FromSeconds(10) });
        try
        {
            var run = DriverProcess.PythonAsync("outage.py", TimeSpan.FromSeconds(150), proxy.EndPoint.Port.ToString(), "20");
            await WaitUntilAsync(() => proxy.Server.Metrics.TotalRequests > 20, TimeSpan.FromSeconds(30));
            await Task.Delay(2000);
            await node.KillAsync();
            await Task.Delay(3000);
            await using var again = await NodeProcess.StartAsync(port);
            var r = await run;
            Assert.True(r.ExitCode == 0, r.ToString());
            output.WriteLine(r.Json.GetProperty("timeline").GetRawText());
            var timeline = r.Json.GetProperty("timeline");
            Assert.True(timeline.GetArrayLength() >= 3, $"expected ok, failing, ok again: {timeline}");
            Assert.True(r.Json.GetProperty("recovered").GetBoolean(), timeline.GetRawText());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(condition(), "condition not met in time");
    }
}
