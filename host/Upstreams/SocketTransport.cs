using System.IO.Pipelines;
using System.Net.Sockets;

namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// A socket seen as a duplex pipe (System.IO.Pipelines over a stream), owning the socket. The stream is the
/// socket's NetworkStream, or an SslStream over it for TLS; the pumps above see the same pipes either way.
/// </summary>
public sealed class SocketTransport : IDuplexPipe, IAsyncDisposable
{
    // Large enough that most frames arrive in one segment, small enough for 1000s of idle connections.
    private const int ReadBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;

    public SocketTransport(Socket socket)
        : this(socket, new NetworkStream(socket, ownsSocket: true))
    {
    }

    /// <param name="socket">The connected socket (for endpoints and half-close).</param>
    /// <param name="stream">The stream to read and write, e.g. an authenticated SslStream; disposing it must close the socket.</param>
    public SocketTransport(Socket socket, Stream stream)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = stream;
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: 2048, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public System.Net.EndPoint? RemoteEndPoint => _socket.RemoteEndPoint;

    /// <summary>Half-closes the sending side so the peer sees end-of-stream while we keep reading.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer: nothing to half-close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Completing the writer flushes what is still buffered, which throws when the peer reset the connection (a
        // killed upstream). The socket must be closed regardless: if it were not, the peer on the other side of the
        // proxy (the client of a session whose upstream died) would wait for a close that never comes.
        try
        {
            await Input.CompleteAsync().ConfigureAwait(false);
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is already broken: the unflushed bytes have nowhere to go.
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
