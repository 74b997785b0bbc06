using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Opens the socket to an upstream node: TCP connect within the timeout, then TLS when <c>upstreamTls</c> is enabled.</summary>
public static class UpstreamSocket
{
    /// <summary>
    /// Connects to <paramref name="endPoint"/>; a connect that takes longer than <paramref name="connectTimeout"/> fails
    /// with <see cref="SocketError.TimedOut"/>. With TLS the handshake shares the timeout and the certificate must match
    /// <c>serverName</c> or else the node's address.
    /// </summary>
    public static async Task<SocketTransport> ConnectAsync(IPEndPoint endPoint, TimeSpan connectTimeout, UpstreamTlsConfig? tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        // TlsHandshake disposes the socket if the handshake or the certificate check fails.
        return tls is { Enabled: true }
            ? await TlsHandshake.AsClientAsync(socket, tls, endPoint.Address.ToString(), connectTimeout, cancellationToken).ConfigureAwait(false)
            : new SocketTransport(socket);
    }
}
