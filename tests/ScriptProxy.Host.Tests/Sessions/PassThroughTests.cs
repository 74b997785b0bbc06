using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>The proxy in bypass forwards envelopes byte for byte in both directions, over real loopback TCP.</summary>
public sealed class PassThroughTests
{
    [Fact]
    public async Task Forwarding_PipelinedRequests_BytesIdenticalBothWays()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);

        var random = new Random(42);
        var sent = new MemoryStream();
        var batch = new List<byte[]> { Frames.Options(0), Frames.Startup(1) };
        // Pipelined queries with random text sizes, some large enough to span many pipe segments.
        for (short stream = 2; stream < 200; stream++)
        {
            int size = random.Next(0, 3) == 0 ? random.Next(20_000, 200_000) : random.Next(1, 200);
            var text = new string((char)('a' + stream % 26), size);
            batch.Add(Frames.Query(stream, $"SELECT * FROM t WHERE k = '{text}'"));
        }
        foreach (var frame in batch)
        {
            sent.Write(frame);
        }
        // Send in odd-sized chunks so envelopes straddle reads.
        var all = sent.ToArray();
        for (int offset = 0; offset < all.Length;)
        {
            int n = Math.Min(all.Length - offset, random.Next(1, 70_000));
            await client.SendAsync(all[offset..(offset + n)]);
            offset += n;
        }
        var streams = new HashSet<short>();
        for (int i = 0; i < batch.Count; i++)
        {
            var frame = await client.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.True(streams.Add(frame.Value.Header.Stream), $"duplicate response for stream {frame.Value.Header.Stream}");
        }

        Assert.Equal(all, upstream.Received);
        Assert.Equal(upstream.Sent, client.ReceivedBytes.ToArray());
        Assert.Equal(batch.Count, streams.Count);
    }

    [Fact]
    public async Task Options_InEachSupportedVersion_AnsweredInThatVersion()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        foreach (byte version in new byte[] { 3, 4, 5 })
        {
            await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
            await client.SendAsync(Frames.Options(5, version));
            var frame = await client.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.Equal(Opcode.Supported, frame.Value.Header.Opcode);
            Assert.Equal(version, frame.Value.Header.Version);
            Assert.Equal(5, frame.Value.Header.Stream);
        }
    }

    [Fact]
    public async Task ClientHalfClose_InFlightResponsesStillDelivered()
    {
        await using var upstream = new FakeCqlUpstream { ResponseDelay = TimeSpan.FromMilliseconds(300) };
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Query(9, "SELECT 1"));
        client.ShutdownSend();
        var frame = await client.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(9, frame.Value.Header.Stream);
        Assert.True(await client.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task Shutdown_FinishesInFlightRequestsBeforeClosing()
    {
        await using var upstream = new FakeCqlUpstream { ResponseDelay = TimeSpan.FromMilliseconds(500) };
        var proxy = new ProxyHarness(upstream.EndPoint);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Query(3, "SELECT 1"));
        // Shut down only once the request is surely with the upstream (a fixed pause could end before the proxy even
        // read it on a loaded machine, and then there is no in-flight request to finish).
        for (int i = 0; i < 400 && upstream.Received.Length == 0; i++) await Task.Delay(25);
        Assert.NotEmpty(upstream.Received);
        var stop = proxy.DisposeAsync().AsTask();
        var frame = await client.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(Opcode.Result, frame.Value.Header.Opcode);
        Assert.Equal(3, frame.Value.Header.Stream);
        await stop;
        Assert.True(await client.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task UpstreamUnreachable_FirstRequestAnsweredWithServerError()
    {
        // A port bound but never listening refuses connections, and stays ours for the whole test: a port released
        // before the proxy dials it could be taken by a listener of a test running in parallel.
        using var reserved = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        reserved.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var closedPort = (System.Net.IPEndPoint)reserved.LocalEndPoint!;
        await using var proxy = new ProxyHarness(closedPort);
        await using var client = await RawCqlClient.ConnectAsync(proxy.EndPoint);
        await client.SendAsync(Frames.Options(11));
        var frame = await client.ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(Opcode.Error, frame.Value.Header.Opcode);
        Assert.Equal(11, frame.Value.Header.Stream);
        var (code, message) = RawCqlClient.ParseError(frame.Value.Body);
        Assert.Equal(0x0000, code);
        Assert.Contains(closedPort.ToString(), message);
    }
}
