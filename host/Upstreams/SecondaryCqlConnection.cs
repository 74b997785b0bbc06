using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// A small pipelined CQL connection to a second cluster, for Tee and DualWrite (<see cref="ISecondaryUpstream"/>):
/// one TCP socket seen through System.IO.Pipelines, STARTUP on protocol v5 (v5 segments, uncompressed) or, when the
/// cluster refuses v5, v4; no compression, no authentication. Then any number of requests in flight, each on its own
/// stream id and matched to its response by that id. Requests are adapted to the connection's version (a v4 client's
/// EXECUTE gets an empty result_metadata_id on v5; v5-only fields are dropped on v4); one that still cannot be
/// expressed is answered with a ProtocolError instead of being sent. A broken connection fails every
/// request in flight with <see cref="IOException"/>, and so does every later one: the caller opens a new connection.
/// Responses are copied out of the socket buffers, so they stay valid for as long as the caller keeps them.
/// </summary>
public sealed class SecondaryCqlConnection : ISecondaryUpstream
{

    private readonly UpstreamConnection _connection;
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<short, TaskCompletionSource<IResponse>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SecondaryFrameReader _reader = new();
    private readonly byte _version;
    private Abstractions.Framing.SegmentEncoder? _segments;
    private Task? _reading;
    private volatile string? _broken;
    private int _nextStream;

    private SecondaryCqlConnection(string endpoint, UpstreamConnection connection, byte version)
    {
        Endpoint = endpoint;
        _version = version;
        _connection = connection;
        _output = connection.Transport.Output;
    }

    public string Endpoint { get; }

    /// <summary>Connects to <paramref name="endpoint"/> ("host:port"; a name is resolved) and completes STARTUP (v5, else v4).</summary>
    /// <exception cref="IOException">The cluster cannot be reached or refused the STARTUP.</exception>
    public static async ValueTask<ISecondaryUpstream> ConnectAsync(string endpoint, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(endpoint, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(endpoint, address, ProtocolVersion.V5, connectTimeout, cancellationToken).ConfigureAwait(false)
            ?? await OpenAsync(endpoint, address, ProtocolVersion.V4, connectTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"{endpoint} refused protocol versions 5 and 4");
    }

    /// <summary>A ready connection on <paramref name="version"/>, or null when the cluster refused that version.</summary>
    private static async ValueTask<SecondaryCqlConnection?> OpenAsync(string endpoint, IPEndPoint address, byte version, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        UpstreamConnection transport;
        try
        {
            transport = await new TcpUpstreamConnector(address, connectTimeout).ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new IOException($"Cannot connect to {endpoint}: {e.Message}", e);
        }
        var connection = new SecondaryCqlConnection(endpoint, transport, version);
        connection._reading = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        try
        {
            var startup = new StartupRequest(new Dictionary<string, string> { [StartupRequest.CqlVersionKey] = "3.0.0" });
            var answer = await connection.SendAsync(startup, cancellationToken).ConfigureAwait(false);
            if (answer is ReadyResponse)
            {
                if (version >= ProtocolVersion.V5) connection._segments = new Abstractions.Framing.SegmentEncoder(lz4: false);
                return connection;
            }
            await connection.DisposeAsync().ConfigureAwait(false);
            if (answer is ErrorResponse { Code: ErrorCode.ProtocolError }) return null;
            string why = answer is AuthenticateResponse ? "it requires authentication, which the secondary connection does not support"
                : answer is ErrorResponse error ? $"{error.Code}: {error.Message}" : $"unexpected {answer.Opcode}";
            throw new IOException($"{endpoint} refused the connection: {why}");
        }
        catch (Exception) when (!connection._closing.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<IResponse> SendAsync(IRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_broken is { } why) throw new IOException($"The connection to {Endpoint} is closed: {why}");
        var adapted = Adapt(request);
        var answer = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        short stream = Reserve(answer);
        try
        {
            await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _pending.TryRemove(stream, out _); // never written: the id is free again
            throw;
        }
        try
        {
            try
            {
                if (_segments is { } segments)
                {
                    using var frame = FrameEncoder.ToFrame(_version, response: false, FrameFlags.None, stream, adapted);
                    segments.Add(frame.Envelope.Span, _output);
                    segments.Flush(_output);
                }
                else
                {
                    FrameEncoder.Write(_output, _version, response: false, FrameFlags.None, stream, adapted);
                }
            }
            catch (CqlProtocolException e)
            {
                _pending.TryRemove(stream, out _);
                return new ErrorResponse(ErrorCode.ProtocolError, $"Cannot send this request to {Endpoint} on protocol v{_version}: {e.Message}");
            }
            var flushed = await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
            if (flushed.IsCompleted) Break("the cluster closed the connection");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException && _closing.IsCancellationRequested)
        {
            Break(e.Message);
        }
        finally
        {
            _writing.Release();
        }
        // A cancelled wait leaves the stream reserved until its late answer arrives, so the id is never reused early.
        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private short Reserve(TaskCompletionSource<IResponse> answer)
    {
        for (int attempt = 0; attempt < short.MaxValue; attempt++)
        {
            short stream = (short)(Interlocked.Increment(ref _nextStream) & 0x7FFF);
            if (_pending.TryAdd(stream, answer)) return stream;
        }
        throw new IOException($"All stream ids to {Endpoint} are in use");
    }

    private IRequest Adapt(IRequest request) => (request, _version >= ProtocolVersion.V5) switch
    {
        // v5 needs a result_metadata_id; an unknown (empty) one only makes the cluster send the metadata along.
        (ExecuteRequest { ResultMetadataId: null } e, true) => e with { ResultMetadataId = ReadOnlyMemory<byte>.Empty },
        (ExecuteRequest e, false) when e.ResultMetadataId is not null || e.Parameters.NowInSeconds is not null =>
            e with { ResultMetadataId = null, Parameters = e.Parameters with { NowInSeconds = null } },
        (QueryRequest q, false) when q.Parameters.NowInSeconds is not null => q with { Parameters = q.Parameters with { NowInSeconds = null } },
        _ => request,
    };

    private async Task ReadLoopAsync()
    {
        var input = _connection.Transport.Input;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                _reader.Read(ref buffer, Deliver);
                input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    Break("the cluster closed the connection");
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or CqlProtocolException or Abstractions.Framing.SegmentCorruptException or OperationCanceledException)
        {
            Break(e.Message);
        }
    }

    private void Deliver(Frame frame)
    {
        if (frame.Stream < 0) return; // EVENT: never registered for
        // v5: everything after READY comes in segments.
        if (frame.Opcode == Opcode.Ready && frame.Version >= ProtocolVersion.V5) _reader.StartSegments();
        if (!_pending.TryRemove(frame.Stream, out var answer)) return; // a late answer nobody waits for
        try
        {
            answer.TrySetResult(MessageCodec.DecodeResponse(frame));
        }
        catch (CqlProtocolException e)
        {
            answer.TrySetResult(new ErrorResponse(ErrorCode.ProtocolError, $"Cannot decode the answer of {Endpoint}: {e.Message}"));
        }
    }

    private void Break(string why)
    {
        _broken ??= why;
        foreach (var stream in _pending.Keys)
        {
            if (_pending.TryRemove(stream, out var answer)) answer.TrySetException(new IOException($"The connection to {Endpoint} failed: {why}"));
        }
    }

    private static async ValueTask<IPEndPoint> ResolveAsync(string endpoint, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(endpoint, out var parsed) && parsed.Port != 0) return parsed;
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), out int port) || port is <= 0 or > 65535)
            throw new IOException($"Expected \"host:port\", got \"{endpoint}\"");
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(endpoint[..colon], cancellationToken).ConfigureAwait(false);
            return new IPEndPoint(addresses.First(), port);
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            throw new IOException($"Cannot resolve {endpoint}: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Break("closed");
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_reading is { } reading) await reading.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _reader.Dispose();
        _segments?.Dispose();
        // _closing and _writing stay undisposed: a racing SendAsync may still touch them (neither holds a handle).
    }
}
