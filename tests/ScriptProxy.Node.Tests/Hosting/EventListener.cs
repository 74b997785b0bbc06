using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Node.Tests.Hosting;

/// <summary>
/// A bare v4 connection that does what a driver's control connection does first (STARTUP, REGISTER for all three
/// event types) and then collects the EVENT frames the node pushes (our own client drops stream -1).
/// </summary>
internal sealed class EventListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Channel<EventResponse> _events = Channel.CreateUnbounded<EventResponse>();
    private Task _reading = Task.CompletedTask;

    private EventListener(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<EventListener> ConnectAsync(IPEndPoint node, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(node, ct);
        var listener = new EventListener(socket);
        await listener.SendAsync(1, new StartupRequest(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0" }), ct);
        Assert.IsType<ReadyResponse>(await listener.ReadFrameAsync(ct));
        await listener.SendAsync(2, new RegisterRequest([EventTypes.TopologyChange, EventTypes.StatusChange, EventTypes.SchemaChange]), ct);
        Assert.IsType<ReadyResponse>(await listener.ReadFrameAsync(ct));
        listener._reading = listener.ReadEventsAsync();
        return listener;
    }

    /// <summary>Waits for the next event of type <typeparamref name="T"/>, skipping others (e.g. SCHEMA_CHANGE).</summary>
    public async Task<T> NextAsync<T>(CancellationToken ct) where T : EventResponse
    {
        while (true)
        {
            if (await _events.Reader.ReadAsync(ct) is T e) return e;
        }
    }

    private async Task SendAsync(short stream, IRequest request, CancellationToken ct)
    {
        using var buffer = new PooledBufferWriter(128);
        FrameEncoder.Write(buffer, 4, false, FrameFlags.None, stream, request);
        await _stream.WriteAsync(buffer.WrittenMemory, ct);
    }

    private async Task<IResponse> ReadFrameAsync(CancellationToken ct)
    {
        var head = new byte[FrameHeader.Size];
        await _stream.ReadExactlyAsync(head, ct);
        var header = FrameHeader.Read(head);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(5))];
        await _stream.ReadExactlyAsync(body, ct);
        return MessageCodec.DecodeResponse(header, body, out _);
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            while (true)
            {
                if (await ReadFrameAsync(CancellationToken.None) is EventResponse e) _events.Writer.TryWrite(e);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The node already closed the connection.
        }
        await _stream.DisposeAsync();
        await _reading;
    }
}
