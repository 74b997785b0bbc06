using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;
using Xunit.Abstractions;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>
/// A slow side never makes the proxy buffer without bound: an upstream that stops reading stops the proxy reading the
/// client (the client's writes stall at the kernel buffers); a client that stops reading stops the proxy (and its
/// embedded node) producing responses.
/// </summary>
[Collection(nameof(MemorySensitive))]
public sealed class BackpressureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UpstreamStopsReading_ClientWritesStall_ProxyBuffersAFewMegabytesAtMost()
    {
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) accepted.Add(await stalled.AcceptTcpClientAsync()); // accept, never read
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped (an accept begun after Stop throws InvalidOperationException "Not listening").
            }
        });
        await using var proxy = new ProxyHarness((IPEndPoint)stalled.LocalEndpoint);
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.EndPoint);
        var stream = client.GetStream();
        var frame = Frames.Query(1, "SELECT '" + new string('x', 256 * 1024) + "'");
        long written = 0;
        bool stalledWrite = false;
        for (int i = 0; i < 2048 && !stalledWrite; i++) // up to 512 MiB
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await stream.WriteAsync(frame, timeout.Token);
                written += frame.Length;
            }
            catch (OperationCanceledException)
            {
                stalledWrite = true;
            }
        }
        output.WriteLine($"client wrote {written / 1024 / 1024} MiB before stalling; proxy forwarded {proxy.Server.Metrics.TotalRequests} requests");
        Assert.True(stalledWrite, "the client could write 512 MiB into a proxy whose upstream never reads");
        Assert.True(written < 64L * 1024 * 1024, $"{written} bytes accepted");
        client.Client.LingerState = new LingerOption(true, 0);
        client.Close();
        stalled.Stop();
        await accepting;
        foreach (var c in accepted) c.Dispose();
    }

    [Fact]
    public async Task ClientStopsReading_LargeResponses_MemoryStaysBounded()
    {
        await using var proxy = ProxyHarness.Embedded();
        await using (var setup = await RawCqlClient.ConnectAsync(proxy.EndPoint))
        {
            await setup.SendAsync(Frames.Startup(0));
            await setup.ReadFrameAsync();
            foreach (var cql in new[]
            {
                "CREATE KEYSPACE bp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                "CREATE TABLE bp.big (k int, c int, v text, PRIMARY KEY (k, c))",
            })
            {
                await setup.SendAsync(Frames.Query(1, cql));
                Assert.Equal(Opcode.Result, (await setup.ReadFrameAsync())!.Value.Header.Opcode);
            }
            string value = new('v', 16 * 1024);
            for (int c = 0; c < 64; c++) // one 1 MiB partition
            {
                await setup.SendAsync(Frames.Query(1, $"INSERT INTO bp.big (k, c, v) VALUES (1, {c}, '{value}')"));
                Assert.Equal(Opcode.Result, (await setup.ReadFrameAsync())!.Value.Header.Opcode);
            }
        }
        long before = GC.GetTotalMemory(forceFullCollection: true);
        using var lazy = new TcpClient { ReceiveBufferSize = 64 * 1024 };
        await lazy.ConnectAsync(proxy.EndPoint);
        var stream = lazy.GetStream();
        await stream.WriteAsync(Frames.Startup(0));
        // 2,000 pipelined 1 MiB reads (2 GiB of responses) and the client never reads a byte.
        var requests = new MemoryStream();
        for (short s = 1; s <= 2000; s++) requests.Write(Frames.Query(s, "SELECT * FROM bp.big WHERE k = 1"));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await stream.WriteAsync(requests.ToArray(), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The proxy stopped reading requests too: also backpressure.
            }
        }
        await Task.Delay(3000);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        long grown = (after - before) / 1024 / 1024;
        output.WriteLine($"managed heap grew {grown} MiB with 2 GiB of responses requested and none read");
        Assert.True(grown < 256, $"heap grew {grown} MiB");
        lazy.Client.LingerState = new LingerOption(true, 0);
        lazy.Close();
        for (int i = 0; i < 200 && proxy.Server.SessionCount > 0; i++) await Task.Delay(50);
        Assert.Equal(0, proxy.Server.SessionCount);
    }
}
