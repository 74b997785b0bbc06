using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// A minimal CQL server for host tests: answers OPTIONS with SUPPORTED, STARTUP/REGISTER with READY and
/// everything else with RESULT Void, on the request's stream and version. Records every byte in both
/// directions so tests can assert the proxy forwarded them untouched.
/// </summary>
public sealed class FakeCqlUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private readonly object _gate = new();
    private readonly MemoryStream _received = new();
    private readonly MemoryStream _sent = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _tlsCertificate;
    private int _connections;

    /// <param name="tlsCertificate">When set, every connection must start with a TLS handshake (server side, this certificate).</param>
    public FakeCqlUpstream(System.Security.Cryptography.X509Certificates.X509Certificate2? tlsCertificate = null)
    {
        _tlsCertificate = tlsCertificate;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections whose TLS handshake completed.</summary>
    public int TlsSessions => Volatile.Read(ref _tlsSessions);

    private int _tlsSessions;

    /// <summary>When set, responses are sent with this delay (to hold requests in flight).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public byte[] Received
    {
        get { lock (_gate) return _received.ToArray(); }
    }

    public byte[] Sent
    {
        get { lock (_gate) return _sent.ToArray(); }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var connection = new Connection();
        try
        {
            if (_tlsCertificate is not null)
            {
                var ssl = new System.Net.Security.SslStream(stream);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(_tlsCertificate, false, false).WaitAsync(TimeSpan.FromSeconds(10), _stop.Token);
                Interlocked.Increment(ref _tlsSessions);
            }
            var reader = PipeReader.Create(stream);
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                var responses = new ArrayBufferWriter<byte>();
                connection.Serve(ref buffer, responses);
                lock (_gate)
                {
                    foreach (var segment in result.Buffer.Slice(0, result.Buffer.Length - buffer.Length)) _received.Write(segment.Span);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (responses.WrittenCount > 0)
                {
                    if (ResponseDelay > TimeSpan.Zero) await Task.Delay(ResponseDelay, _stop.Token);
                    lock (_gate) _sent.Write(responses.WrittenSpan);
                    await stream.WriteAsync(responses.WrittenMemory, _stop.Token);
                }
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or SocketException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException or TimeoutException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>One connection's framing state: unframed until READY answers a v5 STARTUP, then v5 segments.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly SegmentReassembler _reassembler = new();
        private readonly List<BufferLease> _envelopes = [];
        private SegmentDecoder? _decoder;
        private SegmentEncoder? _encoder;

        public void Serve(ref ReadOnlySequence<byte> buffer, ArrayBufferWriter<byte> responses)
        {
            while (true)
            {
                if (_decoder is null)
                {
                    if (buffer.Length < FrameHeader.Size) return;
                    var headerBytes = buffer.Slice(0, FrameHeader.Size).ToArray();
                    var h = FrameHeader.Read(headerBytes);
                    if (buffer.Length < FrameHeader.Size + h.BodyLength) return;
                    var body = buffer.Slice(FrameHeader.Size, h.BodyLength).ToArray();
                    buffer = buffer.Slice(FrameHeader.Size + h.BodyLength);
                    responses.Write(Respond(h));
                    if (h.Opcode == Opcode.Startup && h.Version >= 5)
                    {
                        var reader = new CqlReader(body);
                        bool lz4 = reader.ReadStringMap().TryGetValue("COMPRESSION", out var c) && c == "lz4";
                        _decoder = new SegmentDecoder(lz4);
                        _encoder = new SegmentEncoder(lz4);
                    }
                    continue;
                }
                if (!_decoder.TryDecode(ref buffer, out var header, out var payload)) return;
                _reassembler.Add(header.IsSelfContained, payload, _envelopes);
                foreach (var envelope in _envelopes)
                {
                    _encoder!.Add(Respond(FrameHeader.Read(envelope.Span)), responses);
                    envelope.Dispose();
                }
                _envelopes.Clear();
                _encoder!.Flush(responses);
            }
        }

        public void Dispose()
        {
            _reassembler.Dispose();
            _encoder?.Dispose();
        }
    }

    private static byte[] Respond(FrameHeader request)
    {
        byte[] body = request.Opcode switch
        {
            Opcode.Options => Supported(),
            Opcode.Startup or Opcode.Register => [],
            _ => [0, 0, 0, 1], // RESULT kind Void
        };
        var opcode = request.Opcode switch
        {
            Opcode.Options => Opcode.Supported,
            Opcode.Startup or Opcode.Register => Opcode.Ready,
            _ => Opcode.Result,
        };
        var frame = new byte[FrameHeader.Size + body.Length];
        FrameHeader.Create(request.Version, true, FrameFlags.None, request.Stream, opcode, body.Length).Write(frame);
        body.CopyTo(frame, FrameHeader.Size);
        return frame;
    }

    private static byte[] Supported()
    {
        // [string multimap] { "CQL_VERSION": ["3.4.5"], "COMPRESSION": [] }
        var ms = new MemoryStream();
        void Short(int v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); ms.Write(b); }
        void Str(string s) { Short(s.Length); ms.Write(System.Text.Encoding.UTF8.GetBytes(s)); }
        Short(2);
        Str("CQL_VERSION"); Short(1); Str("3.4.5");
        Str("COMPRESSION"); Short(0);
        return ms.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accept;
    }
}
