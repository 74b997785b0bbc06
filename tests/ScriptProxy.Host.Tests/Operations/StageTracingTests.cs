using System.Collections.Concurrent;
using System.Diagnostics;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Operations;

/// <summary>With stages, each request's span has one child span per stage, with the stage's name, version and outcome.</summary>
public sealed class StageTracingTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task RequestSpan_HasAChildPerStage()
    {
        _bed.Write("scripts/pass.csx", "ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => next(exchange);");
        _bed.Write("scripts/deny.csx", """
            ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                if (exchange.Request.Query?.Contains("deny-me") == true) { exchange.Respond(ErrorCode.Invalid, "denied"); return ValueTask.CompletedTask; }
                return next(exchange);
            }
            """);
        await using var proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with
        {
            Stages = [StageBed.Script("scripts/pass.csx"), StageBed.Script("scripts/deny.csx")],
            Source = Path.Combine(_bed.Root, "proxy.json"),
        });
        var spans = new ConcurrentBag<Activity>();
        string? port = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ProxyTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans.Add(a),
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        port = client.LocalEndPoint.Port.ToString();
        await client.SendAsync(Frames.Startup(0));
        await client.ReadFrameAsync();
        await client.SendAsync(Frames.Query(1, "SELECT release_version FROM system.local"));
        Assert.Equal(Opcode.Result, (await client.ReadFrameAsync())!.Value.Header.Opcode);
        await client.SendAsync(Frames.Query(2, "SELECT * FROM system.local -- deny-me"));
        Assert.Equal(Opcode.Error, (await client.ReadFrameAsync())!.Value.Header.Opcode);

        Activity[] Requests() => [.. spans.Where(s => s.OperationName == "cql.request" && ((string?)s.GetTagItem("client.address"))?.EndsWith(":" + port) == true
            && (string?)s.GetTagItem("cql.opcode") == "QUERY")];
        // Spans stop on the proxy's threads after the answers were written: wait (up to 10 s on a loaded machine) for both
        // request spans and their two stage spans each, not just a fixed while.
        bool Complete() => Requests() is { Length: >= 2 } r
            && r.All(q => spans.Count(c => c.OperationName == "cql.stage" && c.ParentSpanId == q.SpanId) >= 2);
        for (int i = 0; i < 500 && !Complete(); i++) await Task.Delay(20);
        var requests = Requests().OrderBy(s => (short)s.GetTagItem("cql.stream")!).ToArray();
        Assert.Equal(2, requests.Length);
        var children = spans.Where(s => s.OperationName == "cql.stage").ToArray();
        var first = children.Where(c => c.ParentSpanId == requests[0].SpanId).OrderBy(c => c.StartTimeUtc).ToArray();
        Assert.Equal(["scripts/pass.csx", "scripts/deny.csx"], first.Select(c => (string)c.GetTagItem("stage.name")!).ToArray());
        Assert.All(first, c => Assert.Equal(1, c.GetTagItem("stage.version")));
        Assert.All(first, c => Assert.Equal("next", c.GetTagItem("stage.outcome")));
        Assert.Equal("RESULT", requests[0].GetTagItem("cql.response"));
        var second = children.Where(c => c.ParentSpanId == requests[1].SpanId).ToDictionary(c => (string)c.GetTagItem("stage.name")!);
        Assert.Equal("answered", second["scripts/deny.csx"].GetTagItem("stage.outcome"));
        Assert.Equal("0x2200", requests[1].GetTagItem("cql.error_code"));
        Assert.Equal("system", second["scripts/deny.csx"].GetTagItem("cql.keyspace"));
    }
}
