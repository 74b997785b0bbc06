using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Tests.Upstreams;

public sealed class SocketTransportTests
{
    /// <summary>
    /// Regression: a killed upstream reset the connection while the request pump's flush to it failed and left bytes
    /// buffered; disposing the transport wrote them again, threw, and ClientSession never closed the client's socket
    /// (UpstreamRecoveryTests' clients waited until their read timeout).
    /// </summary>
    [Fact]
    public async Task DisposeAsync_PeerResetWithBytesStillBuffered_ClosesTheSocketWithoutThrowing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndpoint);
        using (var peer = await listener.AcceptSocketAsync())
        {
            peer.LingerState = new LingerOption(true, 0); // RST, as a killed process with unread data
        }
        var transport = new SocketTransport(socket);
        var chunk = new byte[64 * 1024];
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            for (int i = 0; i < 1000; i++)
            {
                transport.Output.Write(chunk);
                await transport.Output.FlushAsync();
                await Task.Delay(5);
            }
        });
        transport.Output.Write(chunk);

        await transport.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => socket.Available);
    }
}
