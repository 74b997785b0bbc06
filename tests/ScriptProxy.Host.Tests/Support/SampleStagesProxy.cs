using ScriptProxy.Host.Stages;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// The proxy on its embedded node running the shipped samples that leave a scenario's own keyspaces alone: deny-writes
/// (keyspace billing, failure closed), rewrite-keyspace (legacy -> app), redact.js (column ssn), slow-queries and the
/// Audit plugin, copied into a temporary folder (<see cref="StageBed"/>), with relaxed JS limits.
/// </summary>
public sealed class SampleStagesProxy : IAsyncDisposable
{
    private readonly StageBed _bed = new();

    private SampleStagesProxy()
    {
    }

    public ProxyHarness Proxy { get; private set; } = null!;

    public static async Task<SampleStagesProxy> StartAsync()
    {
        var self = new SampleStagesProxy();
        var bed = self._bed;
        foreach (var name in new[] { "deny-writes.csx", "rewrite-keyspace.csx", "redact.js", "slow-queries.csx" })
            bed.Write("scripts/" + name, File.ReadAllText(Path.Combine(DriverProcess.RepoRoot, "scripts", name)));
        string built = Path.Combine(DriverProcess.RepoRoot, "plugins", "Audit");
        Directory.CreateDirectory(Path.Combine(bed.Root, "plugins", "Audit"));
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(bed.Root, "plugins", "Audit", Path.GetFileName(file)));
        // Budgets of 5 s: these tests check what the samples do, and an overrun here would be a starved thread pool on a
        // loaded 2-core machine (a continuation after next waiting for a thread), not a finding; budgets have their own tests.
        const int Budget = 5000;
        StageDefinition[] stages =
        [
            StageBed.Script("scripts/deny-writes.csx", FailurePolicy.Closed, Budget, settings: """{"keyspace":"billing"}"""),
            StageBed.Script("scripts/rewrite-keyspace.csx", timeoutMs: Budget, settings: """{"from":"legacy","to":"app"}"""),
            StageBed.Script("scripts/redact.js", timeoutMs: Budget, settings: """{"columns":["ssn"]}"""),
            StageBed.Script("scripts/slow-queries.csx", timeoutMs: Budget, settings: """{"thresholdMs":1000}"""),
            new StageDefinition { Kind = StageKind.Plugin, Source = "plugins/Audit", Timeout = TimeSpan.FromMilliseconds(Budget) },
        ];
        self.Proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with
        {
            Stages = stages,
            Source = Path.Combine(bed.Root, "proxy.json"),
            // The shipped 50 ms JS budget is for a quiet machine; under a parallel test run a call may take longer.
            JsLimits = StageBed.RelaxedJs,
        });
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        _bed.Dispose();
    }
}
