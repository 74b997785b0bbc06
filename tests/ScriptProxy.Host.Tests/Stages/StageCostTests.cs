using System.Diagnostics;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;
using Xunit.Abstractions;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>
/// Rough per-exchange cost of one empty stage of each kind through a snapshot (guard, budget watchdog,
/// exchange completion), printed for the README; asserts only generous ceilings so a slow shared machine passes.
/// </summary>
[Collection(MeasurementCollection.Name)]
public sealed class StageCostTests(ITestOutputHelper output) : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static readonly PipelineExchange[] Sink = new PipelineExchange[1];

    private async Task<(double Micros, double Bytes)> MeasureAsync(int count)
    {
        var snapshot = _bed.Store.Current;
        async Task RunOne(int i)
        {
            var ex = new PipelineExchange(new TestRequest("q"), "c", static _ => default, CancellationToken.None);
            Assert.True(snapshot.TryAcquire());
            ex.Snapshot = snapshot;
            await snapshot.RunAsync(ex);
            Sink[0] = ex;
            ex.Dispose();
        }
        for (int i = 0; i < 2000; i++) await RunOne(i);
        long bytes = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) await RunOne(i);
        clock.Stop();
        return (clock.Elapsed.TotalMicroseconds / count, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)count);
    }

    [Fact]
    public async Task EmptyStage_PerExchangeCost()
    {
        var results = new List<string>();
        async Task Case(string name, StageDefinition definition, Action? write = null)
        {
            write?.Invoke();
            Assert.Empty(await _bed.StartAsync(definition));
            var (micros, bytes) = await MeasureAsync(20_000);
            results.Add($"{name}: {micros:0.00} us, {bytes:0} B per exchange");
            Assert.True(micros < 500, $"{name}: {micros} us");
        }
        await Case("builtin Passthrough", new StageDefinition { Kind = StageKind.Builtin, Source = "Passthrough" });
        await Case("C# script", StageBed.Script("scripts/e.csx"), () => _bed.Write("scripts/e.csx", "ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => next(exchange);"));
        await Case("JS script", StageBed.Script("scripts/e.js"), () => _bed.Write("scripts/e.js", "function onRequest(exchange) { }"));
        await Case("plugin (Audit, not auditing reads)", new StageDefinition { Kind = StageKind.Plugin, Source = "plugins/Audit" }, () =>
        {
            string built = Path.Combine(Testing.DriverProcess.RepoRoot, "plugins", "Audit");
            Directory.CreateDirectory(Path.Combine(_bed.Root, "plugins", "Audit"));
            foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(_bed.Root, "plugins", "Audit", Path.GetFileName(file)), overwrite: true);
        });
        foreach (var line in results) output.WriteLine(line);
    }
}
