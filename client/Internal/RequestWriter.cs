using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Client.Internal;

/// <summary>
/// The write path: envelopes are appended to a pipe under a short lock, and a send loop drains the pipe to the
/// socket, so whatever accumulated while a send was in progress goes out in one send. Writes made by continuations
/// running on this connection's read loop are not flushed one by one: the read loop flushes once per read batch.
/// </summary>
internal sealed class RequestWriter : IAsyncDisposable
{
    [ThreadStatic]
    private static RequestWriter? t_deferring;

    private readonly Stream _stream;
    private readonly Pipe _pipe;
    private readonly PipeWriter _output;
    private readonly Lock _lock = new();
    private readonly PooledBufferWriter _scratch = new(1024);
    private readonly PooledBufferWriter _compressed = new(1024);
    private readonly byte _version;
    private readonly Task _sendLoop;
    private IBodyCompressor? _compressor;
    private SegmentEncoder? _segments;
    private bool _flushPending;
    private bool _closed;

    /// <param name="stream">The connection's stream (a NetworkStream, or an SslStream over one).</param>
    /// <param name="version">Protocol version of every envelope.</param>
    public RequestWriter(Stream stream, byte version)
    {
        _stream = stream;
        _version = version;
        // No writer back-pressure: what can be in flight is bounded by the stream ids, and a flush must never wait
        // while the lock is held. The inline reader scheduler sends from the flushing thread (no thread hop).
        _pipe = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0,
            resumeWriterThreshold: 0,
            minimumSegmentSize: 4096,
            useSynchronizationContext: false));
        _output = _pipe.Writer;
        _sendLoop = SendLoopAsync();
    }

    /// <summary>Completes when the send loop ends (socket error or close).</summary>
    public Task Completion => _sendLoop;

    /// <summary>After READY: v4 bodies are compressed from now on.</summary>
    public void EnableBodyCompression(IBodyCompressor compressor)
    {
        lock (_lock) _compressor = compressor;
    }

    /// <summary>After READY on v5: envelopes travel in segments from now on.</summary>
    public void EnableSegments(bool lz4)
    {
        lock (_lock) _segments = new SegmentEncoder(lz4);
    }

    /// <summary>Marks the current thread as this connection's read loop: its writes wait for <see cref="EndDeferred"/>.</summary>
    public void BeginDeferred() => t_deferring = this;

    /// <summary>Ends a read batch: one flush for every write made during it.</summary>
    public void EndDeferred()
    {
        t_deferring = null;
        lock (_lock)
        {
            if (_flushPending) FlushLocked();
        }
    }

    /// <summary>Writes an envelope with a pre-encoded, uncompressed body.</summary>
    public void Write(short stream, Opcode opcode, ReadOnlySpan<byte> body)
    {
        var header = FrameHeader.Create(_version, response: false, FrameFlags.None, stream, opcode, body.Length);
        lock (_lock)
        {
            ThrowIfClosed();
            if (_segments is null && (_compressor is null || body.IsEmpty))
            {
                var span = _output.GetSpan(FrameHeader.Size + body.Length);
                header.Write(span);
                body.CopyTo(span[FrameHeader.Size..]);
                _output.Advance(FrameHeader.Size + body.Length);
            }
            else
            {
                _scratch.Clear();
                var span = _scratch.GetSpan(FrameHeader.Size + body.Length);
                header.Write(span);
                body.CopyTo(span[FrameHeader.Size..]);
                _scratch.Advance(FrameHeader.Size + body.Length);
                EmitLocked(_scratch.WrittenSpan);
            }
            AfterWriteLocked();
        }
    }

    /// <summary>Encodes and writes a typed request.</summary>
    public void Write(short stream, IRequest request)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            _scratch.Clear();
            FrameEncoder.Write(_scratch, _version, response: false, FrameFlags.None, stream, request);
            EmitLocked(_scratch.WrittenSpan);
            AfterWriteLocked();
        }
    }

    private void EmitLocked(ReadOnlySpan<byte> envelope)
    {
        if (_segments is not null)
        {
            _segments.Add(envelope, _output);
            return;
        }
        var body = envelope[FrameHeader.Size..];
        if (_compressor is null || body.IsEmpty)
        {
            _output.Write(envelope);
            return;
        }
        _compressed.Clear();
        int length = _compressor.Compress(body, _compressed);
        var header = FrameHeader.Read(envelope);
        var span = _output.GetSpan(FrameHeader.Size + length);
        header.WithFlags(header.Flags | FrameFlags.Compression).WithBodyLength(length).Write(span);
        _compressed.WrittenSpan.CopyTo(span[FrameHeader.Size..]);
        _output.Advance(FrameHeader.Size + length);
    }

    private void AfterWriteLocked()
    {
        if (ReferenceEquals(t_deferring, this)) _flushPending = true;
        else FlushLocked();
    }

    private void FlushLocked()
    {
        _flushPending = false;
        _segments?.Flush(_output);
        var flush = _output.FlushAsync();
        // Without back-pressure a flush completes synchronously; observe it anyway so nothing goes unobserved.
        if (!flush.IsCompleted) _ = flush.AsTask();
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new CqlConnectionClosedException();
    }

    private async Task SendLoopAsync()
    {
        var reader = _pipe.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await _stream.WriteAsync(segment).ConfigureAwait(false);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // The read loop sees the broken socket too and fails the pending requests.
        }
        finally
        {
            lock (_lock) _closed = true;
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _closed = true;
                _output.Complete();
            }
        }
        try
        {
            await _sendLoop.ConfigureAwait(false);
        }
        finally
        {
            _segments?.Dispose();
            _scratch.Dispose();
            _compressed.Dispose();
        }
    }
}
