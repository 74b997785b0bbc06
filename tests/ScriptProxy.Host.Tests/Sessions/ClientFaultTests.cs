using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams;
using Xunit.Abstractions;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// Clients that vanish mid-response, and connection churn: the proxy keeps serving, releases everything, and logs no
/// error (the proxy runs here with a collecting logger at every level).
/// </summary>
public sealed class ClientFaultTests(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly CollectingLoggers _logs = new();
    private IUpstreamConnector? _upstream;
    private ProxyServer? _server;

    private ProxyServer Start()
    {
        var config = new ProxyConfig { Listeners = [new ListenerConfig(IPAddress.Loopback, 0)], ShutdownTimeout = TimeSpan.FromSeconds(5) };
        _upstream = UpstreamFactory.Create(config, _logs);
        _server = new ProxyServer(config, _upstream, _logs);
        _server.Start();
        return _server;
    }

    private void AssertNoErrorsLogged()
    {
        var bad = _logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad.Take(5)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_upstream is not null) await _upstream.DisposeAsync();
    }

    private static async Task CreateBigPartitionAsync(IPEndPoint proxy)
    {
        await using var setup = await RawCqlClient.ConnectAsync(proxy);
        await setup.SendAsync(Frames.Startup(0));
        await setup.ReadFrameAsync();
        await setup.SendAsync(Frames.Query(1, "CREATE KEYSPACE cf WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
        await setup.ReadFrameAsync();
        await setup.SendAsync(Frames.Query(1, "CREATE TABLE cf.big (k int, c int, v text, PRIMARY KEY (k, c))"));
        await setup.ReadFrameAsync();
        string value = new('v', 16 * 1024);
        for (int c = 0; c < 64; c++)
        {
            await setup.SendAsync(Frames.Query(1, $"INSERT INTO cf.big (k, c, v) VALUES (1, {c}, '{value}')"));
            Assert.Equal(Opcode.Result, (await setup.ReadFrameAsync())!.Value.Header.Opcode);
        }
    }

    [Fact]
    public async Task ClientResetsMidResponse_OthersKeepBeingServed_SessionsReleased()
    {
        var proxy = Start();
        var endPoint = proxy.EndPoints[0];
        await CreateBigPartitionAsync(endPoint);
        using var stop = new CancellationTokenSource();
        var bystander = LoadClient.RunAsync(endPoint, stop.Token, window: 8);
        for (int i = 0; i < 50; i++)
        {
            using var quitter = new TcpClient { ReceiveBufferSize = 16 * 1024 };
            await quitter.ConnectAsync(endPoint);
            var stream = quitter.GetStream();
            await stream.WriteAsync(Frames.Startup(0));
            var head = new byte[FrameHeader.Size];
            await stream.ReadExactlyAsync(head);
            for (short s = 1; s <= 4; s++) await stream.WriteAsync(Frames.Query(s, "SELECT * FROM cf.big WHERE k = 1"));
            var some = new byte[4096];
            await stream.ReadAtLeastAsync(some, some.Length); // part of the first 1 MiB response
            quitter.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
            quitter.Close();
        }
        await Task.Delay(500);
        stop.Cancel();
        var served = await bystander.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"bystander: {served}");
        Assert.True(served.Results > 50, served.ToString());
        Assert.Empty(served.Errors);
        Assert.Equal(0, served.Unanswered);
        for (int i = 0; i < 200 && proxy.SessionCount > 0; i++) await Task.Delay(50);
        Assert.Equal(0, proxy.SessionCount);
        Assert.Equal(0, proxy.Metrics.ConnectionsOpen.Value);
        Assert.Equal(52, proxy.Metrics.ConnectionsTotal.Value);
        AssertNoErrorsLogged();
    }

    [Fact]
    public async Task TenThousandConnections_OpenedUsedAndClosed_InBatchesOf200()
    {
        var proxy = Start();
        var endPoint = proxy.EndPoints[0];
        const int Connections = 10_000, Batch = 200;
        var clock = Stopwatch.StartNew();
        for (int batch = 0; batch < Connections / Batch; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, Batch).Select(async i =>
            {
                await using var c = await RawCqlClient.ConnectAsync(endPoint);
                await c.SendAsync(Frames.Startup(0));
                Assert.Equal(Opcode.Ready, (await c.ReadFrameAsync())!.Value.Header.Opcode);
                await c.SendAsync(Frames.Query(1, "SELECT cluster_name FROM system.local"));
                Assert.Equal(Opcode.Result, (await c.ReadFrameAsync())!.Value.Header.Opcode);
                if (i % 2 == 0) c.ShutdownSend(); // half of them half-close first, the others just close
            })).WaitAsync(TimeSpan.FromSeconds(60));
        }
        for (int i = 0; i < 400 && proxy.SessionCount > 0; i++) await Task.Delay(50);
        output.WriteLine($"{Connections} connections in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, proxy.SessionCount);
        Assert.Equal(Connections, proxy.Metrics.ConnectionsTotal.Value);
        Assert.Equal(0, proxy.Metrics.ConnectionsOpen.Value);
        AssertNoErrorsLogged();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(180), $"took {clock.Elapsed}");
    }
}
