using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Node.Server;

/// <summary>
/// One client connection. The read loop parses envelopes (unframed, or v5 segments after READY), answers version
/// negotiation and handshake messages inline (their order matters), and runs statements on the thread pool so
/// pipelined requests proceed concurrently; responses carry the request's stream id and may leave out of order.
/// A single writer drains a channel, batching flushes while more responses are queued. Backpressure: while more than
/// <see cref="MaxQueuedBytes"/> of responses wait to be written or <see cref="MaxInFlight"/> statements run, the read
/// loop stops taking requests (as Cassandra stops reading a channel that is not writable), so a client that does not
/// read its responses cannot make the node buffer without bound.
/// </summary>
internal sealed class NodeConnection(NodeCore core, RequestHandler handler, IDuplexPipe transport, EndPoint? remote)
{
    private readonly Channel<OutgoingFrame> _outgoing = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConnectionState _state = new();
    private IBodyCompressor? _compressor;
    private SegmentDecoder? _segmentDecoder;
    private SegmentReassembler? _reassembler;
    private int _inFlight;
    private long _queuedBytes;
    private volatile bool _writerDone;
    private TaskCompletionSource? _resume;

    /// <summary>Encoded responses waiting for the writer above which no more requests are read.</summary>
    internal const long MaxQueuedBytes = 4 * 1024 * 1024;

    /// <summary>Statements running at once above which no more requests are read.</summary>
    internal const int MaxInFlight = 32;

    private bool Saturated => !_writerDone && (Interlocked.Read(ref _queuedBytes) > MaxQueuedBytes || Volatile.Read(ref _inFlight) >= MaxInFlight);

    public EndPoint? Remote { get; } = remote;

    public ConnectionState State => _state;

    public async Task RunAsync(CancellationToken ct)
    {
        var writer = Task.Run(() => WriteLoopAsync(ct), CancellationToken.None);
        try
        {
            await ReadLoopAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SegmentCorruptException or CqlProtocolException or InvalidOperationException)
        {
            // The peer went away or sent bytes we cannot re-synchronise on: close the connection.
        }
        finally
        {
            // Let in-flight statements finish so their responses are written before the writer completes.
            var spin = new SpinWait();
            for (int i = 0; i < 2000 && Volatile.Read(ref _inFlight) > 0; i++)
            {
                if (i > 100) await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
                else spin.SpinOnce();
            }
            _outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            _reassembler?.Dispose();
            await transport.Input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Pushes a server event (stream -1) if the connection is past STARTUP.</summary>
    public void Push(EventResponse e)
    {
        if (_state.Version == 0) return;
        Send(_state.Version, EventResponse.StreamId, e);
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var reader = transport.Input;
        var envelopes = new List<BufferLease>();
        bool paused = false;
        while (true)
        {
            if (paused) await WaitForRoomAsync(ct).ConfigureAwait(false);
            paused = false;
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool close = false;
            try
            {
                if (_segmentDecoder is not null)
                {
                    while (!(paused = Saturated) && _segmentDecoder.TryDecode(ref buffer, out var header, out var payload))
                    {
                        _reassembler!.Add(header.IsSelfContained, payload, envelopes);
                        foreach (var env in envelopes) Dispatch(env);
                        envelopes.Clear();
                    }
                }
                else
                {
                    while (!close && !(paused = Saturated) && TryReadEnvelope(ref buffer, out var lease, ref close))
                    {
                        if (lease is not null) Dispatch(lease);
                        if (_segmentDecoder is not null) break; // framing starts after READY; re-enter the loop in segment mode
                    }
                    if (_segmentDecoder is not null && !close && !paused)
                    {
                        while (!(paused = Saturated) && _segmentDecoder.TryDecode(ref buffer, out var header, out var payload))
                        {
                            _reassembler!.Add(header.IsSelfContained, payload, envelopes);
                            foreach (var env in envelopes) Dispatch(env);
                            envelopes.Clear();
                        }
                    }
                }
            }
            finally
            {
                // Paused: nothing past the consumed point counts as examined, so the next read returns the rest at once.
                reader.AdvanceTo(buffer.Start, paused ? buffer.Start : buffer.End);
            }
            if (close || (result.IsCompleted && !paused)) return;
        }
    }

    /// <summary>Waits until the writer caught up (or is gone); every change of the two counters wakes it.</summary>
    private async Task WaitForRoomAsync(CancellationToken ct)
    {
        while (Saturated)
        {
            var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _resume, resume);
            if (!Saturated) break; // changed before the signal was published
            await resume.Task.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void Wake() => Interlocked.Exchange(ref _resume, null)?.TrySetResult();

    /// <summary>Takes one unframed envelope off the buffer. Unsupported versions are answered here and skipped.</summary>
    private bool TryReadEnvelope(ref ReadOnlySequence<byte> buffer, out BufferLease? lease, ref bool close)
    {
        lease = null;
        if (buffer.Length < 1) return false;
        byte version = (byte)(buffer.FirstSpan[0] & 0x7F);
        int headerSize = version < 3 ? 8 : FrameHeader.Size;
        if (buffer.Length < headerSize) return false;
        Span<byte> head = stackalloc byte[FrameHeader.Size];
        buffer.Slice(0, headerSize).CopyTo(head);
        short stream = version < 3 ? (sbyte)head[2] : BinaryPrimitives.ReadInt16BigEndian(head[2..]);
        int length = BinaryPrimitives.ReadInt32BigEndian(head[(headerSize - 4)..]);
        if (!ProtocolVersion.IsSupported(version))
        {
            // Answer in a version the driver can read (4) on the same stream, then skip the body if we can.
            Send(ProtocolVersion.Fallback, stream, ErrorResponse.Protocol(ProtocolVersion.UnsupportedMessage(version)));
            if (length < 0 || length > core.Options.MaxFrameBodyLength || buffer.Length < headerSize + (long)length)
            {
                close = true;
                buffer = buffer.Slice(buffer.End);
                return false;
            }
            buffer = buffer.Slice(headerSize + length);
            return true;
        }
        var header = FrameHeader.Read(head);
        var problem = FrameValidator.Check(header, expectResponse: false, core.Options.MaxFrameBodyLength);
        if (problem != HeaderProblem.None && !FrameValidator.FramingSurvives(problem))
        {
            Send(version, stream, ErrorResponse.Protocol(FrameValidator.Describe(problem, header, core.Options.MaxFrameBodyLength)));
            close = true;
            return false;
        }
        if (buffer.Length < FrameHeader.Size + (long)header.BodyLength) return false;
        var envelope = buffer.Slice(0, FrameHeader.Size + header.BodyLength);
        buffer = buffer.Slice(envelope.End);
        if (problem != HeaderProblem.None)
        {
            Send(version, stream, ErrorResponse.Protocol(FrameValidator.Describe(problem, header, core.Options.MaxFrameBodyLength)));
            return true;
        }
        lease = BufferLease.CopyOf(envelope);
        return true;
    }

    private void Dispatch(BufferLease envelope)
    {
        FrameHeader header = default;
        try
        {
            header = FrameHeader.Read(envelope.Span);
            ReadOnlyMemory<byte> body = envelope.Memory.Slice(FrameHeader.Size, header.BodyLength);
            BufferLease owner = envelope;
            if ((header.Flags & FrameFlags.Compression) != 0 && header.Version < ProtocolVersion.V5)
            {
                if (_compressor is null) throw new CqlProtocolException("Compressed frame received but no compression was negotiated");
                var plain = _compressor.Decompress(body.Span, core.Options.MaxFrameBodyLength);
                envelope.Dispose();
                owner = plain;
                body = plain.Memory;
            }
            var request = MessageCodec.DecodeRequest(header with { Flags = header.Flags & ~FrameFlags.Compression, BodyLength = body.Length }, body, out _);
            if (_state.Version == 0) _state.Version = header.Version;
            switch (request)
            {
                case OptionsRequest:
                    owner.Dispose();
                    Send(header.Version, header.Stream, Supported());
                    return;
                case StartupRequest startup:
                    owner.Dispose();
                    Startup(startup, header);
                    return;
                case RegisterRequest register:
                    owner.Dispose();
                    foreach (var t in register.EventTypes)
                    {
                        if (t == EventTypes.SchemaChange) _state.SchemaEvents = true;
                        else if (t == EventTypes.TopologyChange) _state.TopologyEvents = true;
                        else if (t == EventTypes.StatusChange) _state.StatusEvents = true;
                    }
                    Send(header.Version, header.Stream, ReadyResponse.Instance);
                    return;
                case AuthResponseRequest auth:
                    Send(header.Version, header.Stream, Authenticate(auth));
                    owner.Dispose();
                    return;
            }
            Interlocked.Increment(ref _inFlight);
            var version = header.Version;
            var stream = header.Stream;
            bool traced = (header.Flags & FrameFlags.Tracing) != 0 && QueryTracer.Traces(request);
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                try
                {
                    MessageEnvelope? envelope = null;
                    var response = traced ? core.Tracer.Handle(handler, request, version, _state, Remote, out envelope) : handler.Handle(request, version, _state);
                    Send(version, stream, response, envelope: envelope);
                }
                catch (Exception e)
                {
                    Send(version, stream, ErrorResponse.Server(e.Message));
                }
                finally
                {
                    owner.Dispose();
                    Interlocked.Decrement(ref _inFlight);
                    Wake();
                }
            }, null);
        }
        catch (CqlProtocolException e)
        {
            envelope.Dispose();
            Send(header.Version == 0 ? ProtocolVersion.Fallback : header.Version, header.Stream, new ErrorResponse(e.Code, e.Message));
        }
    }

    /// <summary>One SASL PLAIN round: AUTH_SUCCESS and the connection is logged in, or AuthenticationError 0x0100.</summary>
    private IResponse Authenticate(AuthResponseRequest auth)
    {
        if (core.Authenticator is not { } authenticator) return ErrorResponse.AuthenticationFailed("Authentication is not enabled on this node");
        var user = authenticator.Authenticate(auth.Token is { } token ? token.Span : default, out var error);
        if (user is null) return ErrorResponse.AuthenticationFailed(error);
        _state.User = user;
        return new AuthSuccessResponse(null);
    }

    /// <summary>READY, or AUTHENTICATE when the node has users (the client then sends AUTH_RESPONSE).</summary>
    private IResponse StartupAnswer() =>
        core.Authenticator is null ? ReadyResponse.Instance : new AuthenticateResponse(Security.PasswordAuthenticator.ClassName);

    private SupportedResponse Supported() => new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["CQL_VERSION"] = [core.Options.CqlVersion],
        ["COMPRESSION"] = ["lz4", "snappy"],
        ["PROTOCOL_VERSIONS"] = ["3/v3", "4/v4", "5/v5"],
    });

    private void Startup(StartupRequest startup, FrameHeader header)
    {
        string? compression = startup.Compression;
        if (header.Version >= ProtocolVersion.V5)
        {
            bool lz4 = string.Equals(compression, "lz4", StringComparison.OrdinalIgnoreCase);
            if (!lz4 && !string.IsNullOrEmpty(compression) && compression != "none")
            {
                Send(header.Version, header.Stream, ErrorResponse.Protocol($"Unsupported compression algorithm for protocol v5: {compression}"));
                return;
            }
            // READY (or AUTHENTICATE) is the last unframed message; the reader switches now, the writer after writing it.
            _segmentDecoder = new SegmentDecoder(lz4);
            _reassembler = new SegmentReassembler(core.Options.MaxFrameBodyLength);
            Send(header.Version, header.Stream, StartupAnswer(), startFraming: true, lz4: lz4);
            return;
        }
        try
        {
            _compressor = BodyCompression.Create(compression);
        }
        catch (CqlProtocolException e)
        {
            Send(header.Version, header.Stream, ErrorResponse.Protocol(e.Message));
            return;
        }
        Send(header.Version, header.Stream, StartupAnswer(), compress: false);
    }

    private void Send(byte version, short stream, IResponse response, bool startFraming = false, bool lz4 = false, bool compress = true,
        MessageEnvelope? envelope = null)
    {
        using var buffer = new PooledBufferWriter(256);
        try
        {
            FrameEncoder.Write(buffer, version, true, FrameFlags.None, stream, response, envelope);
        }
        catch (Exception e) when (response is not ErrorResponse)
        {
            buffer.Clear();
            FrameEncoder.Write(buffer, version, true, FrameFlags.None, stream, ErrorResponse.Server($"Failed to encode response: {e.Message}"));
        }
        BufferLease lease;
        var compressor = _compressor;
        if (compress && compressor is not null && version < ProtocolVersion.V5 && buffer.WrittenCount > FrameHeader.Size)
        {
            using var compressed = new PooledBufferWriter(buffer.WrittenCount + 64);
            compressed.GetSpan(FrameHeader.Size);
            compressed.Advance(FrameHeader.Size);
            int n = compressor.Compress(buffer.WrittenSpan[FrameHeader.Size..], compressed);
            var header = FrameHeader.Read(buffer.WrittenSpan);
            header = header with { Flags = header.Flags | FrameFlags.Compression, BodyLength = n };
            lease = compressed.ToLease();
            header.Write(lease.Span);
        }
        else lease = buffer.ToLease();
        int length = lease.Length;
        Interlocked.Add(ref _queuedBytes, length);
        if (!_outgoing.Writer.TryWrite(new OutgoingFrame(lease, startFraming, lz4)))
        {
            Interlocked.Add(ref _queuedBytes, -length);
            lease.Dispose();
        }
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        var output = transport.Output;
        SegmentEncoder? encoder = null;
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                long written = 0;
                while (reader.TryRead(out var frame))
                {
                    using (frame.Envelope)
                    {
                        written += frame.Envelope.Length;
                        if (encoder is not null) encoder.Add(frame.Envelope.Span, output);
                        else output.Write(frame.Envelope.Span);
                    }
                    if (frame.StartFraming) encoder = new SegmentEncoder(frame.Lz4);
                }
                encoder?.Flush(output);
                var flush = await output.FlushAsync(ct).ConfigureAwait(false);
                Interlocked.Add(ref _queuedBytes, -written);
                Wake();
                if (flush.IsCompleted) break;
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            _writerDone = true;
            Wake();
            encoder?.Dispose();
            while (reader.TryRead(out var left)) left.Envelope.Dispose();
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }
}
