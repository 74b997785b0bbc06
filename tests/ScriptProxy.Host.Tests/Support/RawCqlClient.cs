using System.Buffers;
using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Framing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>A byte-level client: sends exactly the bytes a test gives and reads whole envelopes back.</summary>
public sealed class RawCqlClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp = new();
    private Stream _stream = null!;

    public static async Task<RawCqlClient> ConnectAsync(IPEndPoint endPoint)
    {
        var c = new RawCqlClient();
        await c._tcp.ConnectAsync(endPoint);
        c._stream = c._tcp.GetStream();
        return c;
    }

    /// <summary>Connects and runs a TLS handshake, validating the proxy's certificate with <paramref name="options"/>.</summary>
    public static async Task<RawCqlClient> ConnectTlsAsync(IPEndPoint endPoint, System.Net.Security.SslClientAuthenticationOptions options)
    {
        var c = new RawCqlClient();
        await c._tcp.ConnectAsync(endPoint);
        var ssl = new System.Net.Security.SslStream(c._tcp.GetStream());
        c._stream = ssl;
        using var cts = new CancellationTokenSource(Timeout);
        await ssl.AuthenticateAsClientAsync(options, cts.Token);
        return c;
    }

    public MemoryStream ReceivedBytes { get; } = new();

    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one envelope; throws on timeout; returns null on a clean close.</summary>
    public async Task<(FrameHeader Header, byte[] Body)?> ReadFrameAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var header = new byte[FrameHeader.Size];
        int n = await _stream.ReadAtLeastAsync(header, FrameHeader.Size, throwOnEndOfStream: false, cts.Token);
        if (n == 0) return null;
        if (n < FrameHeader.Size) throw new EndOfStreamException($"closed after {n} header bytes");
        var h = FrameHeader.Read(header);
        var body = new byte[h.BodyLength];
        await _stream.ReadExactlyAsync(body, cts.Token);
        ReceivedBytes.Write(header);
        ReceivedBytes.Write(body);
        return (h, body);
    }

    /// <summary>Reads one v5 segment and returns the envelopes it completes (empty for a non-final part).</summary>
    public async Task<List<(FrameHeader Header, byte[] Body)>> ReadSegmentAsync(bool lz4)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var headerBytes = new byte[SegmentHeader.HeaderLength(lz4)];
        await _stream.ReadExactlyAsync(headerBytes, cts.Token);
        var header = SegmentHeader.Read(headerBytes, lz4);
        var rest = new byte[header.PayloadLength + SegmentHeader.TrailerLength];
        await _stream.ReadExactlyAsync(rest, cts.Token);
        var whole = new ReadOnlySequence<byte>([.. headerBytes, .. rest]);
        ReceivedBytes.Write(headerBytes);
        ReceivedBytes.Write(rest);
        Assert.True(_decoders.GetValueOrDefault(lz4, new SegmentDecoder(lz4)).TryDecode(ref whole, out var decoded, out var payload));
        var leases = new List<BufferLease>();
        _reassembler.Add(decoded.IsSelfContained, payload, leases);
        var result = new List<(FrameHeader, byte[])>();
        foreach (var lease in leases)
        {
            using (lease) result.Add((FrameHeader.Read(lease.Span), lease.Span[FrameHeader.Size..].ToArray()));
        }
        return result;
    }

    private readonly Dictionary<bool, SegmentDecoder> _decoders = new();
    private readonly SegmentReassembler _reassembler = new();

    /// <summary>Frames envelopes into v5 segments, as a driver would after READY.</summary>
    public static byte[] Segments(bool lz4, params byte[][] envelopes)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using var encoder = new SegmentEncoder(lz4);
        foreach (var e in envelopes) encoder.Add(e, output);
        encoder.Flush(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>True when the server closed the connection (read returns 0) within the timeout.</summary>
    public async Task<bool> IsClosedByPeerAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var buf = new byte[1];
        try
        {
            return await _stream.ReadAsync(buf, cts.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private short _lastQueryStream;

    /// <summary>
    /// Sends a QUERY on the next stream id (1, 2, ...) and returns "ok" for any non-error answer or the error's message;
    /// asserts that the answer came on the query's stream.
    /// </summary>
    public async Task<string> QueryOutcomeAsync(string cql)
    {
        short stream = ++_lastQueryStream;
        await SendAsync(Frames.Query(stream, cql));
        var frame = (await ReadFrameAsync())!.Value;
        Assert.Equal(stream, frame.Header.Stream);
        return frame.Header.Opcode == Opcode.Error ? ParseError(frame.Body).Message : "ok";
    }

    public static (int Code, string Message) ParseError(byte[] body)
    {
        int code = BinaryPrimitives.ReadInt32BigEndian(body);
        int len = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(4));
        return (code, Encoding.UTF8.GetString(body, 6, len));
    }

    public ValueTask DisposeAsync()
    {
        _reassembler.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
