using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Connects to a Cassandra node (or anything speaking CQL) over TCP, with TLS when <paramref name="tls"/> is enabled.</summary>
public sealed class TcpUpstreamConnector(IPEndPoint endPoint, TimeSpan connectTimeout, UpstreamTlsConfig? tls = null) : IUpstreamConnector
{
    public string Description => tls is { Enabled: true } ? $"{endPoint} (TLS)" : endPoint.ToString();

    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken)
    {
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
        // The TLS handshake shares the connect timeout; TlsHandshake disposes the socket if it fails.
        var transport = tls is { Enabled: true }
            ? await TlsHandshake.AsClientAsync(socket, tls, endPoint.Address.ToString(), connectTimeout, cancellationToken).ConfigureAwait(false)
            : new SocketTransport(socket);
        return new UpstreamConnection(transport, transport.DisposeAsync);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
