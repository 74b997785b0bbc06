using System.Collections.Concurrent;
using System.Diagnostics;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Operations;

public sealed class ProxyTracingTests
{
    [Fact]
    public async Task EachForwardedRequest_HasOneSpanWithOpcodeAndOutcome()
    {
        var spans = new ConcurrentBag<Activity>();
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        string client;
        using (var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ProxyTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.GetTagItem("client.address") is string c && ClientPort is { } p && c.EndsWith(":" + p)) spans.Add(a); },
        })
        {
            ActivitySource.AddActivityListener(listener);
            await using var raw = await RawCqlClient.ConnectAsync(proxy.EndPoint);
            ClientPort = raw.LocalEndPoint.Port.ToString();
            client = ClientPort;
            await raw.SendAsync([.. Frames.Options(0), .. Frames.Query(1, "SELECT 1"), .. Frames.Query(2, "SELECT 2")]);
            for (int i = 0; i < 3; i++) await raw.ReadFrameAsync();
            // A span stops after its response is written, on the proxy's thread: allow a loaded machine 10 s for it.
            for (int i = 0; i < 500 && spans.Count < 3; i++) await Task.Delay(20);
        }
        Assert.Equal(3, spans.Count);
        Assert.Equal(["OPTIONS", "QUERY", "QUERY"], spans.Select(s => (string)s.GetTagItem("cql.opcode")!).Order());
        Assert.All(spans, s => Assert.Equal("cql.request", s.OperationName));
        Assert.Contains(spans, s => (string?)s.GetTagItem("cql.response") == "SUPPORTED");
        Assert.Equal(2, spans.Count(s => (string?)s.GetTagItem("cql.response") == "RESULT"));
        Assert.All(spans, s => Assert.True(s.Duration > TimeSpan.Zero));
        Assert.NotNull(client);
    }

    // Spans from other tests running in parallel are filtered out by the client's port.
    private static volatile string? ClientPort;
}
