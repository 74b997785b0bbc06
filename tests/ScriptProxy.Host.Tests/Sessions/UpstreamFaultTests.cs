using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>Faults on the upstream side never leave a request unanswered or crash the proxy.</summary>
public sealed class UpstreamFaultTests
{
    [Fact]
    public async Task UpstreamKilled_EveryInFlightRequestAnsweredWithServerError()
    {
        var upstream = new FakeCqlUpstream { ResponseDelay = TimeSpan.FromSeconds(30) };
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        var streams = Enumerable.Range(1, 20).Select(i => (short)i).ToArray();
        foreach (var s in streams) await client.SendAsync(Frames.Query(s, $"SELECT {s}"));
        await WaitUntilAsync(() => upstream.Received.Length > 0 && proxy.Server.Metrics.TotalRequests >= streams.Length);
        await upstream.DisposeAsync();

        var answered = new HashSet<short>();
        while (answered.Count < streams.Length)
        {
            var frame = await client.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.Equal(Opcode.Error, frame.Value.Header.Opcode);
            var (code, message) = RawCqlClient.ParseError(frame.Value.Body);
            Assert.Equal(0x0000, code);
            Assert.Contains("Upstream connection closed", message);
            Assert.True(answered.Add(frame.Value.Header.Stream), "duplicate answer");
        }
        Assert.True(await client.IsClosedByPeerAsync());
        Assert.Equal(1, proxy.Server.Metrics.UpstreamLost.Value);
    }

    [Fact]
    public async Task ManyConnections_OpenedAndClosed_AllServedAndReleased()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        const int Connections = 1000;
        for (int batch = 0; batch < Connections / 100; batch++)
        {
            var clients = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => RawCqlClient.ConnectAsync(proxy.EndPoint)));
            await Task.WhenAll(clients.Select(async c =>
            {
                await c.SendAsync(Frames.Options(1));
                var f = await c.ReadFrameAsync();
                Assert.Equal(Opcode.Supported, f!.Value.Header.Opcode);
                await c.DisposeAsync();
            }));
        }
        await WaitUntilAsync(() => proxy.Server.SessionCount == 0);
        Assert.Equal(Connections, proxy.Server.Metrics.ConnectionsTotal.Value);
        Assert.Equal(0, proxy.Server.Metrics.ConnectionsOpen.Value);
        Assert.Equal(Connections, upstream.Connections);
    }

    [Fact]
    public async Task UpstreamHangs_InFlightRequestsAnsweredAtTheRequestTimeout()
    {
        await using var upstream = new FakeCqlUpstream { ResponseDelay = TimeSpan.FromSeconds(60) };
        await using var proxy = new ProxyHarness(upstream.EndPoint, c => c with { RequestTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (short s = 1; s <= 5; s++) await client.SendAsync(Frames.Query(s, $"SELECT {s}"));
        var answered = new HashSet<short>();
        while (answered.Count < 5)
        {
            var frame = (await client.ReadFrameAsync())!.Value;
            Assert.Equal(Opcode.Error, frame.Header.Opcode);
            var (code, message) = RawCqlClient.ParseError(frame.Body);
            Assert.Equal(0x0000, code);
            Assert.Contains("did not answer within 1 s", message);
            Assert.True(answered.Add(frame.Header.Stream));
        }
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
        Assert.True(await client.IsClosedByPeerAsync());
        Assert.Equal(1, proxy.Server.Metrics.UpstreamLost.Value);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "condition not met within 10 s");
    }
}
