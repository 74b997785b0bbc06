using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// Stages declared <c>"inline": true</c> run on the connection's request pump until they first wait and continue on
/// its response pump. These tests go through the real proxy (embedded node upstream, our pipelined client) and check
/// the invariants the isolated mode keeps: every request answered exactly once on its own stream, a throwing stage
/// answered with an ERROR and counted, an overrun answered by the watchdog while the stage still runs, and requests in
/// flight across a reload finishing on the version they started with.
/// </summary>
public sealed class InlineStageTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private Task<ProxyHarness> StartAsync(string script, string settings = "{}", int timeoutMs = 5000)
    {
        _bed.Write("scripts/inline.csx", script);
        var stage = StageBed.Script("scripts/inline.csx", FailurePolicy.Closed, timeoutMs, quarantineFaults: 0, settings) with { Inline = true };
        return ProxyHarness.EmbeddedWithStagesAsync(c => c with { Stages = [stage], Source = Path.Combine(_bed.Root, "proxy.json") });
    }

    /// <summary>
    /// By <c>id % 4</c>: 0 throws, 1 answers without the upstream (on the request pump), 2 passes through (the upstream's
    /// row comes back through the response pump), 3 replaces the upstream's answer after <c>next</c> (stage code on the
    /// response pump). Every answer carries its id, so a reply on the wrong stream shows as a wrong value.
    /// </summary>
    private const string MixedScript = """
        async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
        {
            string q = exchange.Request.Query ?? "";
            int at = q.IndexOf("WHERE id = ", StringComparison.Ordinal);
            if (at < 0) { await next(exchange); return; }
            int id = int.Parse(q.Substring(at + 11).Trim());
            var column = new ResultColumn("inl", "t", "v", CqlType.Int);
            switch (id % 4)
            {
                case 0: throw new InvalidOperationException("refused " + id);
                case 1: exchange.RespondRows([column], [[-id]]); return;
                case 2: await next(exchange); return;
                default:
                    await next(exchange);
                    exchange.RespondRows([column], [[id + 1000]]);
                    return;
            }
        }
        """;

    [Fact]
    public async Task InlineChain_ConcurrentRequestsOnSeveralConnections_EachAnsweredOnceOnItsStream_FaultsCounted()
    {
        await using var proxy = await StartAsync(MixedScript);
        Assert.True(proxy.Stages!.Manager.Store.Current.Inline);
        const int Rows = 200, Connections = 4;
        await using (var setup = await CqlConnection.ConnectAsync(proxy.EndPoint))
        {
            await setup.QueryAsync("CREATE KEYSPACE inl WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            await setup.QueryAsync("CREATE TABLE inl.t (id int PRIMARY KEY, v int)");
            await Task.WhenAll(Enumerable.Range(0, Rows).Select(i => setup.QueryAsync($"INSERT INTO inl.t (id, v) VALUES ({i}, {i})")));
        }
        var clients = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => CqlConnection.ConnectAsync(proxy.EndPoint)));
        try
        {
            // All of one connection's requests are sent at once: many in flight per connection, answers out of order.
            var outcomes = await Task.WhenAll(clients.Select(async client =>
                await Task.WhenAll(Enumerable.Range(0, Rows).Select(async id => (Id: id, Response: await client.SendAsync(new QueryRequest($"SELECT v FROM inl.t WHERE id = {id}")))))));
            var wrong = new List<string>();
            foreach (var (id, response) in outcomes.SelectMany(o => o))
            {
                string? problem = (id % 4, response) switch
                {
                    (0, ErrorResponse { Code: ErrorCode.ServerError } e) when e.Message.Contains("failed (InvalidOperationException)") => null,
                    (1, RowsResult rows) when Value(rows) == -id => null,
                    (2, RowsResult rows) when Value(rows) == id => null,
                    (3, RowsResult rows) when Value(rows) == id + 1000 => null,
                    _ => $"id {id}: {Describe(response)}",
                };
                if (problem is not null) wrong.Add(problem);
            }
            Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(10)));
            // Each throw counted once: a request answered twice (or a fault counted on a replayed chain) would show here.
            Assert.Equal(Connections * Rows / 4, proxy.Stages.Manager.Status()[0].Faults);
            // Nothing left waiting, nothing answered a second time: the connections still work and are idle.
            foreach (var client in clients)
            {
                Assert.IsType<RowsResult>(await client.SendAsync(new QueryRequest("SELECT v FROM inl.t WHERE id = 2")));
                Assert.Equal(0, client.InFlight);
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task InlineStage_LoopingPastItsBudget_IsAnsweredByTheWatchdogWhileItStillRuns()
    {
        // The stage spins synchronously (on the connection's request pump) until the test releases it. The answer must
        // come from the watchdog while the stage is still spinning: the guard could only answer after it returned.
        string key = "inline-test-" + Guid.NewGuid().ToString("N");
        await using var proxy = await StartAsync($$"""
            ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                if (exchange.Request.Table != "spin") return next(exchange);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (AppContext.GetData("{{key}}") is null && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(1);
                AppContext.SetData("{{key}}.returned", "yes");
                return next(exchange);
            }
            """, timeoutMs: 100);
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint);
        try
        {
            var response = await client.SendAsync(new QueryRequest("SELECT v FROM inl.spin")).WaitAsync(TimeSpan.FromSeconds(30));
            var error = Assert.IsType<ErrorResponse>(response);
            Assert.Equal(ErrorCode.ServerError, error.Code);
            Assert.Contains("exceeded its 100 ms budget", error.Message);
            Assert.Null(AppContext.GetData(key + ".returned"));
            var status = proxy.Stages!.Manager.Status()[0];
            Assert.Equal(1, status.Timeouts);
        }
        finally
        {
            AppContext.SetData(key, "release");
        }
        // Once the stage returns, its late next is ignored and the connection reads again.
        Assert.IsType<RowsResult>(await client.SendAsync(new QueryRequest("SELECT release_version FROM system.local")).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("yes", AppContext.GetData(key + ".returned"));
    }

    [Fact]
    public async Task InlineRequestsInFlightAcrossAReload_FinishOnTheVersionTheyStartedWith()
    {
        // v1 holds "hold" requests (goes async before next), then answers with its tag after the upstream answered:
        // that tail runs on the response pump, still on version 1's code, after version 2 went live.
        string key = "inline-reload-" + Guid.NewGuid().ToString("N");
        var release = new TaskCompletionSource();
        var started = new System.Runtime.CompilerServices.StrongBox<int>();
        AppContext.SetData(key, release);
        AppContext.SetData(key + ".started", started);
        string Script(string tag) => $$"""
            async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                if (exchange.Request.Table != "local") { await next(exchange); return; }
                if (exchange.Request.Query!.Contains("hold"))
                {
                    Interlocked.Increment(ref ((System.Runtime.CompilerServices.StrongBox<int>)AppContext.GetData("{{key}}.started")!).Value);
                    await ((TaskCompletionSource)AppContext.GetData("{{key}}")!).Task;
                }
                await next(exchange);
                exchange.RespondRows([new ResultColumn("t", "t", "tag", CqlType.Text)], [["{{tag}}"]]);
            }
            """;
        await using var proxy = await StartAsync(Script("v1"));
        var store = proxy.Stages!.Manager.Store;
        long first = store.Current.Version;
        await using var client = await CqlConnection.ConnectAsync(proxy.EndPoint);
        var held = Enumerable.Range(0, 20).Select(_ => client.SendAsync(new QueryRequest("SELECT release_version FROM system.local /* hold */"))).ToList();
        // Every held request started on version 1 before the reload (counted by the stage itself).
        for (int i = 0; i < 3000 && Volatile.Read(ref started.Value) < held.Count; i++) await Task.Delay(10);
        Assert.Equal(held.Count, Volatile.Read(ref started.Value));
        _bed.Write("scripts/inline.csx", Script("v2"));
        Assert.Empty(await proxy.Stages.Manager.ReloadAsync());
        Assert.True(store.Current.Version > first && store.Current.Inline);
        Assert.Equal("v2", Tag(await client.SendAsync(new QueryRequest("SELECT release_version FROM system.local"))));
        Assert.All(held, h => Assert.False(h.IsCompleted));
        release.SetResult();
        foreach (var response in await Task.WhenAll(held).WaitAsync(TimeSpan.FromSeconds(30))) Assert.Equal("v1", Tag(response));
        AppContext.SetData(key, null);
        AppContext.SetData(key + ".started", null);
    }

    private static int? Value(RowsResult rows) =>
        rows.RowCount == 1 ? (int?)CqlValueCodec.Decode(CqlType.Int, rows.GetCell(0, 0).Bytes.Span, 4) : null;

    private static string? Tag(IResponse response) =>
        response is RowsResult { RowCount: 1 } rows ? (string?)CqlValueCodec.Decode(CqlType.Text, rows.GetCell(0, 0).Bytes.Span, 4) : Describe(response);

    private static string Describe(IResponse response) => response switch
    {
        ErrorResponse e => $"ERROR {e.Code}: {e.Message}",
        RowsResult r => $"{r.RowCount} rows",
        _ => response.GetType().Name,
    };
}
