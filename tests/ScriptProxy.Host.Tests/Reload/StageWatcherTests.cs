using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Host.Reload;
using Xunit.Abstractions;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Reload;

[Collection(nameof(TimingSensitive))]
public sealed class StageWatcherTests(ITestOutputHelper output) : IDisposable
{
    private const string Tagger = """
        async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            exchange.Request.SetQuery("TAG");
            await next(exchange);
        }
        """;

    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ScriptRewrittenWhileRequestsFlow_NoneFailedLostOrDuplicated_NewBehaviourWithinASecond()
    {
        _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v0"));
        await _bed.StartAsync(StageBed.Script("scripts/tag.csx", FailurePolicy.Closed));
        using var watcher = new StageWatcher(_bed.Manager!, ReloadConfig.Default with { Debounce = TimeSpan.FromMilliseconds(50) }, NullLogger.Instance);

        // Keyed by the request itself: stream ids are 16-bit, and a loaded machine that builds slowly lets the poster
        // run long enough to use them all (the poster stopped at 32,767 and no later version could be seen).
        var answers = new ConcurrentDictionary<Abstractions.Stages.ICqlRequest, int>(ReferenceEqualityComparer.Instance);
        var latest = "v0";
        int errors = 0, written = 0;
        using var flow = new ExchangeFlow(_bed.Store, ex =>
        {
            answers.AddOrUpdate(ex.Request, 1, (_, n) => n + 1);
            if (ex.Response!.IsError) Interlocked.Increment(ref errors);
            else Volatile.Write(ref latest, (string)ex.Response.GetCell(0, "query")!);
            Interlocked.Increment(ref written);
            ex.Dispose();
        }, e => Assert.Fail(e.ToString()));

        using var stop = new CancellationTokenSource();
        int posted = 0;
        var traffic = Task.Run(async () =>
        {
            // One poster, as a connection's request reader is, with at most 256 exchanges in flight (a connection's
            // window), so the flood does not starve the thread pool the builds and the watcher need.
            while (!stop.IsCancellationRequested)
            {
                var ex = new PipelineExchange(new TestRequest("q", (short)posted), "c", _bed.Upstream, CancellationToken.None);
                Assert.True(flow.TryPost(ex));
                posted++;
                if (posted % 8 == 0) await Task.Delay(1);
                while (posted - Volatile.Read(ref written) > 256 && !stop.IsCancellationRequested) await Task.Delay(1);
            }
        });

        var delays = new List<long>();
        for (int version = 1; version <= 10; version++)
        {
            string tag = "v" + version;
            var clock = Stopwatch.StartNew();
            _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", tag));
            while (Volatile.Read(ref latest) != tag)
            {
                Assert.True(clock.ElapsedMilliseconds < 5000, $"{tag} not live after 5 s");
                await Task.Delay(5);
            }
            delays.Add(clock.ElapsedMilliseconds);
        }
        stop.Cancel();
        await traffic;
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref written) < posted && deadline.ElapsedMilliseconds < 10_000) await Task.Delay(10);

        output.WriteLine($"posted {posted}, written {written}, save-to-live ms: {string.Join(", ", delays)}");
        Assert.Equal(posted, written);
        Assert.Equal(posted, answers.Count);
        Assert.All(answers.Values, n => Assert.Equal(1, n));
        Assert.Equal(0, errors);
        // The median carries the "within a second" promise; any one save may wait behind a GC or a slow compile on a
        // loaded 2-core machine, and gets the 5 s asserted above before it counts as lost (as HotReloadWithDriverTests).
        long median = delays.Order().ElementAt(delays.Count / 2);
        Assert.True(median < 1000, $"median save-to-live {median} ms (each: {string.Join(", ", delays)})");
        Assert.Equal(11, Assert.Single(_bed.Manager!.Status()).LiveVersion);
    }

    [Fact]
    public async Task BrokenSave_KeepsServingOldVersion()
    {
        _bed.Write("scripts/tag.csx", Tagger.Replace("TAG", "v0"));
        await _bed.StartAsync(StageBed.Script("scripts/tag.csx"));
        using var watcher = new StageWatcher(_bed.Manager!, ReloadConfig.Default with { Debounce = TimeSpan.FromMilliseconds(20) }, NullLogger.Instance);
        _bed.Write("scripts/tag.csx", "this is not C#");
        var clock = Stopwatch.StartNew();
        while (Assert.Single(_bed.Manager!.Status()).Diagnostics.Count == 0 && clock.ElapsedMilliseconds < 5000) await Task.Delay(10);
        var status = Assert.Single(_bed.Manager.Status());
        Assert.NotEmpty(status.Diagnostics);
        Assert.Equal(1, status.LiveVersion);
        Assert.Equal("v0", (await _bed.RunAsync("q")).Response!.GetCell(0, "query"));
    }
}
