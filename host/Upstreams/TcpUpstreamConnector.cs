using System.Net;
using System.Net.Sockets;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Connects to a Cassandra node (or anything speaking CQL) over TCP.</summary>
public sealed class TcpUpstreamConnector(IPEndPoint endPoint, TimeSpan connectTimeout) : IUpstreamConnector
{
    public string Description => endPoint.ToString();

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
        var transport = new SocketTransport(socket);
        return new UpstreamConnection(transport, transport.DisposeAsync);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
