using System.Net;
using System.Net.Sockets;

namespace ScriptProxy.Client.Tests;

/// <summary>
/// A server that accepts the TCP connection and then never answers STARTUP (overloaded, starting, or stopping with the
/// connection still in its backlog) must not hold the caller forever: the handshake has its own bound.
/// </summary>
public sealed class CqlConnectionHandshakeTimeoutTests
{
    [Fact]
    public async Task ConnectAsync_ServerAcceptsAndNeverAnswers_TimeoutNamingTheEndPoint()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endPoint = (IPEndPoint)silent.LocalEndpoint;
        var accepted = silent.AcceptSocketAsync();

        var options = new CqlConnectionOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) };
        var error = await Assert.ThrowsAsync<TimeoutException>(() => CqlConnection.ConnectAsync(endPoint, options));

        Assert.Contains(endPoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("handshake", error.Message, StringComparison.Ordinal);
        // The connection was closed, not left behind: the silent server reads end-of-stream (after the STARTUP it ignored).
        using var server = await accepted.WaitAsync(TimeSpan.FromSeconds(20));
        var buffer = new byte[4096];
        int read;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        do read = await server.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        while (read > 0);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task ConnectAsync_CallerCancels_CancellationNotTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CqlConnection.ConnectAsync((IPEndPoint)silent.LocalEndpoint, new CqlConnectionOptions { HandshakeTimeout = TimeSpan.FromSeconds(30) }, cancel.Token));
    }

    [Fact]
    public Task Options_NonPositiveHandshakeTimeout_Refused() =>
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            CqlConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 9), new CqlConnectionOptions { HandshakeTimeout = TimeSpan.Zero }));
}
