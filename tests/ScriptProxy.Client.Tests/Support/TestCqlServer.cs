using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Client.Tests.Support;

/// <summary>
/// A tiny CQL server for client tests (v3/v4/v5, LZ4 bodies and segments): OPTIONS -> SUPPORTED, STARTUP -> READY,
/// PREPARE -> PREPARED (one bigint marker), QUERY "error" -> ERROR Invalid, other QUERY/EXECUTE -> RESULT Void.
/// Answers each read batch in reverse order, so clients must match responses by stream id.
/// </summary>
public sealed class TestCqlServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _requests;

    public TestCqlServer()
    {
        _listener.Start();
        _accept = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The last unexpected server-side failure (a test bug, not a client one).</summary>
    public Exception? LastError { get; private set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Delay before answering each batch (to keep requests in flight).</summary>
    public TimeSpan Delay { get; set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = PipeReader.Create(stream);
        SegmentDecoder? segments = null;
        SegmentEncoder? encoder = null;
        IBodyCompressor? compressor = null;
        var envelopes = new List<BufferLease>();
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                var requests = new List<Frame>();
                while (true)
                {
                    if (segments is not null)
                    {
                        if (!segments.TryDecode(ref buffer, out var sh, out var payload)) break;
                        using var reassembler = new SegmentReassembler();
                        reassembler.Add(sh.IsSelfContained, payload, envelopes);
                        foreach (var e in envelopes) requests.Add(Frame.FromEnvelope(e));
                        envelopes.Clear();
                        continue;
                    }
                    if (buffer.Length < FrameHeader.Size) break;
                    var header = FrameHeader.Read(buffer.Slice(0, FrameHeader.Size).ToArray());
                    if (buffer.Length < FrameHeader.Size + header.BodyLength) break;
                    var bytes = buffer.Slice(FrameHeader.Size, header.BodyLength).ToArray();
                    buffer = buffer.Slice(FrameHeader.Size + header.BodyLength);
                    if ((header.Flags & FrameFlags.Compression) != 0)
                    {
                        using var lease = compressor!.Decompress(bytes, 1 << 24);
                        bytes = lease.Span.ToArray();
                        header = header.WithFlags(header.Flags & ~FrameFlags.Compression).WithBodyLength(bytes.Length);
                    }
                    var frame = new Frame(header, bytes, bytes, null);
                    if (header.Opcode == Opcode.Startup)
                    {
                        // Answer STARTUP at once and switch framing/compression as Cassandra does.
                        var startup = (StartupRequest)MessageCodec.DecodeRequest(frame);
                        await WriteAsync(stream, [Encode(frame, ReadyResponse.Instance)], null, null);
                        compressor = BodyCompression.Create(startup.Compression);
                        if (header.Version >= ProtocolVersion.V5)
                        {
                            segments = new SegmentDecoder(compressor is not null);
                            encoder = new SegmentEncoder(compressor is not null);
                            compressor = null;
                        }
                        continue;
                    }
                    requests.Add(frame);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (requests.Count > 0)
                {
                    Interlocked.Add(ref _requests, requests.Count);
                    if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
                    var answers = new List<byte[]>();
                    for (int i = requests.Count - 1; i >= 0; i--) answers.Add(Encode(requests[i], Answer(requests[i])));
                    await WriteAsync(stream, answers, encoder, compressor);
                }
                if (result.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            LastError = e;
        }
        finally
        {
            encoder?.Dispose();
        }
    }

    private static IResponse Answer(Frame frame)
    {
        var request = MessageCodec.DecodeRequest(frame);
        return request switch
        {
            OptionsRequest => new SupportedResponse(new Dictionary<string, IReadOnlyList<string>> { ["COMPRESSION"] = ["lz4"] }),
            QueryRequest q when q.Query == "error" => ErrorResponse.Invalid("you asked for it"),
            PrepareRequest => new PreparedResult(new byte[] { 1, 2, 3, 4 }, frame.Version >= ProtocolVersion.V5 ? new ReadOnlyMemory<byte>(new byte[] { 9 }) : (ReadOnlyMemory<byte>?)null,
                new PreparedMetadata([new ColumnSpec("ks", "t", "id", CqlType.Bigint)], [0]), RowsMetadata.Empty),
            _ => ResultResponse.Void,
        };
    }

    private static byte[] Encode(Frame request, IResponse response) =>
        FrameEncoder.ToFrame(request.Version, true, FrameFlags.None, request.Stream, response).Envelope.ToArray();

    private static async Task WriteAsync(Stream stream, List<byte[]> envelopes, SegmentEncoder? encoder, IBodyCompressor? compressor)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var envelope in envelopes)
        {
            if (encoder is not null)
            {
                encoder.Add(envelope, output);
            }
            else if (compressor is not null && envelope.Length > FrameHeader.Size)
            {
                var body = new ArrayBufferWriter<byte>();
                int length = compressor.Compress(envelope.AsSpan(FrameHeader.Size), body);
                var header = FrameHeader.Read(envelope);
                var head = new byte[FrameHeader.Size];
                header.WithFlags(header.Flags | FrameFlags.Compression).WithBodyLength(length).Write(head);
                output.Write(head);
                output.Write(body.WrittenSpan);
            }
            else
            {
                output.Write(envelope);
            }
        }
        encoder?.Flush(output);
        await stream.WriteAsync(output.WrittenMemory);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accept;
        _stop.Dispose();
    }
}
