using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Tests.Upstreams;

public sealed class SocketTransportTests
{
    [Fact]
    public async Task DisposeAsync_PeerResetWithBytesUnflushed_ClosesTheSocketWithoutThrowing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndpoint);
        using (var peer = await listener.AcceptSocketAsync())
        {
            // A killed process: the kernel resets its connections.
            peer.LingerState = new LingerOption(true, 0);
            peer.Close();
        }
        var transport = new SocketTransport(socket);
        // Wait until the reset arrived, as the response pump does when the upstream dies.
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!(await transport.Input.ReadAsync(cap.Token)).IsCompleted) { }
            // A close seen as end-of-stream instead: a write is what fails on a reset connection.
            await socket.SendAsync(new byte[1]);
            await socket.SendAsync(new byte[1]);
            throw new IOException("no reset seen");
        });
        // Written and not flushed when the pump stopped: completing the writer flushes it into the dead connection.
        transport.Output.Write(new byte[4096]);

        await transport.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => socket.Send(new byte[1]));
    }
}
