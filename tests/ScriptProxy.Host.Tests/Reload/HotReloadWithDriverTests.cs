using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Reload;

/// <summary>
/// The real Python driver sends requests continuously on one session while the stage script is rewritten 50
/// times: nothing fails, nothing is lost or duplicated, no connection is reopened, every version goes live, and
/// the median version answers within a second of its save.
/// </summary>
[Collection(nameof(TimingSensitive))]
public sealed class HotReloadWithDriverTests : IDisposable
{
    private const int Saves = 50;

    /// <summary>
    /// Time between a version going live and the next save, so the driver gets to see every version. The next save
    /// waits for the build of the previous one: saves that land while a build runs coalesce into one build of the
    /// newest text, by design, and a compile on a loaded 2-core machine can take longer than any fixed interval.
    /// </summary>
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(300);
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static string Script(int version) => $$"""
        ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            if (exchange.Request.Table == "reload")
            {
                exchange.RespondRows([new ResultColumn("hot", "reload", "tag", CqlType.Text)], [["v{{version}}"]]);
                return ValueTask.CompletedTask;
            }
            return next(exchange);
        }
        """;

    [Fact]
    public async Task ScriptRewritten50Times_UnderContinuousTraffic_NoFailureLossOrDuplicate()
    {
        _bed.Write("scripts/tag.csx", Script(0));
        await using var proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with
        {
            Stages = [StageBed.Script("scripts/tag.csx")],
            Source = Path.Combine(_bed.Root, "proxy.json"),
            Reload = c.Reload with { Enabled = true, Debounce = TimeSpan.FromMilliseconds(100) },
        });
        string ready = Path.Combine(_bed.Root, "ready"), stop = Path.Combine(_bed.Root, "stop");
        var driver = DriverProcess.PythonAsync("hot_reload.py", TimeSpan.FromSeconds(150), proxy.EndPoint.Port.ToString(), ready, stop);
        for (int i = 0; i < 600 && !File.Exists(ready) && !driver.IsCompleted; i++) await Task.Delay(50);
        Assert.True(File.Exists(ready), "the driver did not connect: " + (driver.IsCompleted ? (await driver).ToString() : "timeout"));
        double connectionsAfterConnect = proxy.Server.Metrics.ConnectionsTotal.Value;

        var saved = new double[Saves + 1];
        await Task.Delay(300);
        var manager = proxy.Stages!.Manager;
        for (int version = 1; version <= Saves; version++)
        {
            int live = manager.Status()[0].LiveVersion;
            _bed.Write("scripts/tag.csx", Script(version));
            saved[version] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            for (int i = 0; i < 300 && manager.Status()[0].LiveVersion == live; i++) await Task.Delay(20);
            Assert.True(manager.Status()[0].LiveVersion > live, $"version {version} was not built within 6 s of its save");
            await Task.Delay(LiveInterval);
        }
        await Task.Delay(1000);
        File.WriteAllText(stop, "");
        var r = await driver;
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        long sent = j.GetProperty("sent").GetInt64();
        Assert.True(sent > 500, $"only {sent} requests were sent");
        Assert.Equal(sent, j.GetProperty("answered").GetInt64());
        Assert.True(j.GetProperty("error_count").GetInt64() == 0, j.GetProperty("errors").GetRawText());
        var firstSeen = j.GetProperty("first_seen");
        var late = new List<string>();
        var delays = new List<double>();
        for (int version = 1; version <= Saves; version++)
        {
            Assert.True(firstSeen.TryGetProperty($"v{version}", out var seen), $"version {version} never answered; seen: {firstSeen.GetRawText()}");
            double delay = seen.GetDouble() - saved[version];
            delays.Add(delay);
            if (delay > 1.0) late.Add($"v{version}: {delay:F2} s");
        }
        delays.Sort();
        double p50 = delays[delays.Count / 2];
        Console.WriteLine($"save-to-live over {Saves} saves: p50 {p50 * 1000:F0} ms, max {delays[^1] * 1000:F0} ms, later than 1 s: {string.Join(", ", late)}");
        // "Within a second of the save" is the typical case; a single save may wait behind a GC or a slow compile on a
        // loaded 2-core CI machine, so the median carries the 1 s promise and any one save gets 5 s before it counts
        // as lost (the bench reports the real p50/p99).
        Assert.True(p50 <= 1.0, $"median save-to-live {p50:F2} s; late saves: {string.Join(", ", late)}");
        Assert.True(delays[^1] <= 5.0, $"a save went live {delays[^1]:F2} s after it was written");
        Assert.Equal(connectionsAfterConnect, proxy.Server.Metrics.ConnectionsTotal.Value); // no reconnect
        Assert.Equal(Saves + 1, proxy.Stages!.Manager.Status()[0].LiveVersion);
    }
}
