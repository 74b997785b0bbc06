using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Host.Scripting.JavaScript;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// A temporary folder with scripts/ and plugins/, a <see cref="PipelineManager"/> over it, and an in-test
/// upstream that answers every request with one row echoing the query it received (so tests can see rewrites).
/// </summary>
internal sealed class StageBed : IDisposable
{
    public static readonly ResultColumn EchoColumn = new("ks", "t", "query", CqlType.Text);

    public StageBed()
    {
        Root = Path.Combine(Path.GetTempPath(), "sp-stages-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(Root, "scripts"));
        Directory.CreateDirectory(Path.Combine(Root, "plugins"));
    }

    public string Root { get; }

    public PipelineManager? Manager { get; private set; }

    public PipelineStore Store => Manager!.Store;

    public int UpstreamCalls => Volatile.Read(ref _upstreamCalls);

    private int _upstreamCalls;

    public string Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write-then-rename so a watcher never builds a half-written file.
        string temp = path + ".tmp~";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    public static StageDefinition Script(string source, FailurePolicy failure = FailurePolicy.Open, int timeoutMs = 5000, int quarantineFaults = 5, string settings = "{}") => new()
    {
        Kind = source.EndsWith(".js", StringComparison.Ordinal) ? StageKind.JavaScript : StageKind.CSharp,
        Source = source,
        Failure = failure,
        Timeout = TimeSpan.FromMilliseconds(timeoutMs),
        QuarantineFaults = quarantineFaults,
        SettingsJson = settings,
    };

    /// <summary>
    /// Generous limits (and a 5 s default stage budget in <see cref="Script"/>): a first call JIT-compiles, and a loaded
    /// 2-core machine can stall a thread for over a second; an overrun there is not a finding. Budget tests set their own.
    /// </summary>
    public static readonly JsLimits RelaxedJs = new(TimeSpan.FromSeconds(5), 0, 0);

    public async Task<IReadOnlyList<StageDiagnostic>> StartAsync(params StageDefinition[] stages) => await StartAsync(RelaxedJs, stages);

    public async Task<IReadOnlyList<StageDiagnostic>> StartAsync(JsLimits limits, params StageDefinition[] stages)
    {
        Manager = new PipelineManager(stages, Root, limits, NullLoggerFactory.Instance);
        return await Manager.ReloadAsync();
    }

    /// <summary>The upstream: one row with the (possibly rewritten) query text.</summary>
    public ValueTask Upstream(PipelineExchange exchange)
    {
        Interlocked.Increment(ref _upstreamCalls);
        var request = exchange.Request;
        exchange.SetUpstreamResponse(StageReply.Rows(request.Version, request.Stream, [EchoColumn], [[request.Query]]));
        return default;
    }

    /// <summary>Runs one request through the current snapshot, as the connection flow does.</summary>
    public async Task<PipelineExchange> RunAsync(ICqlRequest request, Func<PipelineExchange, ValueTask>? upstream = null)
    {
        var exchange = new PipelineExchange(request, "127.0.0.1:1", upstream ?? Upstream, CancellationToken.None);
        var snapshot = Store.Acquire();
        Assert.False(snapshot.IsEmpty);
        exchange.Snapshot = snapshot;
        _ = Task.Run(() => snapshot.RunAsync(exchange));
        return await exchange.Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task<PipelineExchange> RunAsync(string query) => RunAsync(new TestRequest(query));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A plugin may still be mapped on some platforms; the temp folder is harmless.
        }
    }
}
