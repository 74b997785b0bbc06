using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;

namespace ScriptProxy.Fuzz;

/// <summary>
/// A client connection of the TCP fuzzer: sends raw bytes (or envelopes framed in v5 segments once
/// <see cref="Segmented"/> is on) and reads whole envelopes back, unframed or from segments.
/// </summary>
public sealed class FuzzClientConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly Queue<(FrameHeader Header, byte[] Body)> _pending = new();
    private readonly List<BufferLease> _envelopes = [];
    private SegmentDecoder? _decoder;
    private SegmentReassembler? _reassembler;
    private SegmentEncoder? _encoder;

    private FuzzClientConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = PipeReader.Create(_stream);
    }

    public static async Task<FuzzClientConnection> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endPoint);
        return new FuzzClientConnection(tcp);
    }

    public bool Segmented => _decoder is not null;

    public bool Lz4 => _decoder?.Lz4 ?? false;

    /// <summary>From now on both directions are v5 segments (after READY to a v5 STARTUP).</summary>
    public void StartSegments(bool lz4)
    {
        _decoder = new SegmentDecoder(lz4);
        _reassembler = new SegmentReassembler();
        _encoder = new SegmentEncoder(lz4);
    }

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => await _stream.WriteAsync(bytes, cancellationToken);

    /// <summary>Frames one envelope in segments (split into parts when large) and sends it.</summary>
    public Task SendEnvelopeAsync(byte[] envelope, CancellationToken cancellationToken)
    {
        if (_encoder is null) return SendAsync(envelope, cancellationToken);
        var output = new ArrayBufferWriter<byte>();
        _encoder.Add(envelope, output);
        _encoder.Flush(output);
        return SendAsync(output.WrittenSpan.ToArray(), cancellationToken);
    }

    /// <summary>Frames bytes as one segment as they are (a payload that may not split into envelopes).</summary>
    public byte[] Segment(byte[] payload, bool selfContained)
    {
        var output = new ArrayBufferWriter<byte>();
        _encoder!.WriteSegment(payload, selfContained, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The next envelope, or null when the peer closed the connection. Throws on timeout.</summary>
    public async Task<(FrameHeader Header, byte[] Body)?> ReadAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cancellationToken);
            }
            catch (IOException)
            {
                return null;
            }
            var buffer = result.Buffer;
            try
            {
                Parse(ref buffer);
            }
            finally
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (_pending.Count == 0 && result.IsCompleted) return null;
        }
        return _pending.Dequeue();
    }

    private void Parse(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_decoder is null)
            {
                if (buffer.Length < FrameHeader.Size) return;
                var header = FrameHeader.Read(buffer.Slice(0, FrameHeader.Size).ToArray());
                if (buffer.Length < FrameHeader.Size + (long)header.BodyLength) return;
                _pending.Enqueue((header, buffer.Slice(FrameHeader.Size, header.BodyLength).ToArray()));
                buffer = buffer.Slice(FrameHeader.Size + (long)header.BodyLength);
                continue;
            }
            if (!_decoder.TryDecode(ref buffer, out var segment, out var payload)) return;
            _reassembler!.Add(segment.IsSelfContained, payload, _envelopes);
            foreach (var envelope in _envelopes)
            {
                using (envelope) _pending.Enqueue((FrameHeader.Read(envelope.Span), envelope.Span[FrameHeader.Size..].ToArray()));
            }
            _envelopes.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        _reassembler?.Dispose();
        _encoder?.Dispose();
        _tcp.Dispose();
    }
}
