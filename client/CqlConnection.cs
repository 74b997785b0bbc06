using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client.Internal;

namespace ScriptProxy.Client;

/// <summary>
/// One CQL native-protocol connection: TCP (System.IO.Pipelines), the STARTUP handshake (v3/v4/v5, optional LZ4,
/// v5 segment framing after READY), then pipelined requests on up to 32768 stream ids. Thread-safe: any number of
/// callers may send concurrently; one read loop completes responses by stream id.
/// </summary>
/// <remarks>
/// Two send paths: <see cref="SendAsync"/> (and the helpers) decode the response into an owned message;
/// <see cref="SendRawAsync(Opcode, ReadOnlySpan{byte}, CancellationToken)"/> keeps only the header (and decodes
/// errors) and allocates nothing per request. A raw <see cref="ValueTask{TResult}"/> must be awaited exactly once.
/// </remarks>
public sealed class CqlConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly StreamIdPool _ids;
    private readonly ResponseDispatcher _dispatcher;
    private readonly RequestWriter _writer;
    private readonly ResponseReader _reader;
    private readonly Task _readLoop;
    private readonly Task _reading;
    private readonly EventPump? _events;
    private int _disposed;

    /// <param name="socket">The connected socket.</param>
    /// <param name="stream">What is read and written: the socket's NetworkStream, or an authenticated SslStream over it.</param>
    /// <param name="options">The options.</param>
    private CqlConnection(Socket socket, Stream stream, CqlConnectionOptions options)
    {
        Options = options;
        _socket = socket;
        _socket.NoDelay = true;
        _stream = stream;
        _ids = new StreamIdPool(options.MaxInFlight);
        _dispatcher = new ResponseDispatcher(_ids, options.InlineContinuations, options.MaxFrameBytes);
        if (options.Events is { } subscriber)
        {
            _events = new EventPump(subscriber);
            _dispatcher.EventSink = _events.Post;
        }
        _writer = new RequestWriter(stream, options.Version);
        var input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: options.ReceiveBufferSize, minimumReadSize: 1024, leaveOpen: true));
        _reader = new ResponseReader(input, _dispatcher, _writer, options.MaxFrameBytes);
        if (options.Version >= ProtocolVersion.V5) _reader.SwitchToSegmentsOnReady(options.Compression is not null);
        _reading = Task.Run(_reader.RunAsync);
        _readLoop = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            await _reading.ConfigureAwait(false);
        }
        finally
        {
            // Events read before the close still reach the subscriber; Completion waits for them.
            if (_events is not null) await _events.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The options this connection was opened with.</summary>
    public CqlConnectionOptions Options { get; }

    /// <summary>The negotiated protocol version.</summary>
    public byte Version => Options.Version;

    /// <summary>The server's SUPPORTED answer when <see cref="CqlConnectionOptions.SendOptions"/> was set.</summary>
    public SupportedResponse? Supported { get; private set; }

    /// <summary>The server's address.</summary>
    public EndPoint? RemoteEndPoint => _socket.RemoteEndPoint;

    /// <summary>Requests sent and not yet answered (or not yet consumed by their awaiter).</summary>
    public int InFlight => _dispatcher.InFlight;

    /// <summary>Completes when the connection is closed (by either side).</summary>
    public Task Completion => _readLoop;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and completes the handshake.</summary>
    public static Task<CqlConnection> ConnectAsync(string host, int port, CqlConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var endPoint = IPAddress.TryParse(host, out var address) ? (EndPoint)new IPEndPoint(address, port) : new DnsEndPoint(host, port);
        return ConnectAsync(endPoint, options, cancellationToken);
    }

    /// <summary>Connects to <paramref name="endPoint"/> and completes the handshake (OPTIONS if asked, STARTUP, READY).</summary>
    /// <exception cref="CqlServerException">The server refused STARTUP.</exception>
    /// <exception cref="NotSupportedException">The server asks for authentication.</exception>
    /// <exception cref="TimeoutException">No connection within <see cref="CqlConnectionOptions.ConnectTimeout"/>, or no handshake within <see cref="CqlConnectionOptions.HandshakeTimeout"/>.</exception>
    public static async Task<CqlConnection> ConnectAsync(EndPoint endPoint, CqlConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= CqlConnectionOptions.Default;
        options.Validate();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        Stream? stream = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(tls, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                throw new TimeoutException($"{endPoint} did not accept a connection{(options.Tls is null ? "" : " and TLS handshake")} within {options.ConnectTimeout.TotalSeconds:0.#} s", e);
            throw;
        }
        var connection = new CqlConnection(socket, stream, options);
        try
        {
            // Bounded: a server that accepts and then never answers STARTUP (overloaded, starting, or stopping with the
            // connection in its backlog) would otherwise hold the caller forever.
            using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            handshake.CancelAfter(options.HandshakeTimeout);
            try
            {
                await connection.HandshakeAsync(handshake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{endPoint} did not complete the CQL handshake (STARTUP, login) within {options.HandshakeTimeout.TotalSeconds:0.#} s", e);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        if (Options.SendOptions)
        {
            var supported = await SendAsync(OptionsRequest.Instance, cancellationToken).ConfigureAwait(false);
            Supported = supported as SupportedResponse ?? throw Unexpected("OPTIONS", supported);
        }
        var startup = new Dictionary<string, string> { [StartupRequest.CqlVersionKey] = Options.CqlVersion };
        if (Options.Compression is not null) startup[StartupRequest.CompressionKey] = "lz4";
        var answer = await SendAsync(new StartupRequest(startup), cancellationToken).ConfigureAwait(false);
        if (answer is not (ReadyResponse or AuthenticateResponse)) throw Unexpected("STARTUP", answer);
        // READY and AUTHENTICATE both end the unframed, uncompressed handshake (v5 spec section 2.3.1): AUTH_RESPONSE
        // already goes in the negotiated framing. No other request can be in flight yet, so the write side switches safely.
        if (Version >= ProtocolVersion.V5)
        {
            _writer.EnableSegments(lz4: Options.Compression is not null);
        }
        else if (Options.Compression is not null)
        {
            _dispatcher.Compressor = Lz4BodyCompressor.Instance;
            _writer.EnableBodyCompression(Lz4BodyCompressor.Instance);
        }
        if (answer is AuthenticateResponse auth)
        {
            if (Options.Credentials is not { } login)
                throw new NotSupportedException($"The server requires authentication ({auth.Authenticator}); no credentials were given");
            await AuthenticateAsync(auth, login, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="request"/> and returns the decoded response (an ERROR comes back as <see cref="ErrorResponse"/>, not thrown).</summary>
    public async Task<IResponse> SendAsync(IRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = await SendCoreAsync(request, decode: true, cancellationToken).ConfigureAwait(false);
        return raw.Message!;
    }

    /// <summary>Sends a typed request; the result keeps only the header (plus the decoded ERROR, if it is one).</summary>
    public ValueTask<CqlRawResponse> SendRawAsync(IRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendCoreAsync(request, decode: false, cancellationToken);
    }

    /// <summary>
    /// Sends a request whose body is already encoded (uncompressed, no preamble). The body is copied before this
    /// returns, so the caller may reuse its buffer at once. Allocation-free while a stream id is free.
    /// </summary>
    public ValueTask<CqlRawResponse> SendRawAsync(Opcode opcode, ReadOnlySpan<byte> body, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_ids.TryRent(out short stream)) return SendRawSlowAsync(opcode, body.ToArray(), cancellationToken);
        var pending = _dispatcher.Slot(stream);
        var task = pending.Start(decode: false, cancellationToken);
        try
        {
            _writer.Write(stream, opcode, body);
        }
        catch (Exception e)
        {
            pending.Fail(e, connectionDead: true);
        }
        return task;
    }

    private async ValueTask<CqlRawResponse> SendRawSlowAsync(Opcode opcode, byte[] body, CancellationToken cancellationToken)
    {
        short stream = await _ids.RentAsync(cancellationToken).ConfigureAwait(false);
        var pending = _dispatcher.Slot(stream);
        var task = pending.Start(decode: false, cancellationToken);
        try
        {
            _writer.Write(stream, opcode, body);
        }
        catch (Exception e)
        {
            pending.Fail(e, connectionDead: true);
        }
        return await task.ConfigureAwait(false);
    }

    private ValueTask<CqlRawResponse> SendCoreAsync(IRequest request, bool decode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_ids.TryRent(out short stream)) return SendCoreSlowAsync(request, decode, cancellationToken);
        return Send(stream, request, decode, cancellationToken);
    }

    private async ValueTask<CqlRawResponse> SendCoreSlowAsync(IRequest request, bool decode, CancellationToken cancellationToken)
    {
        short stream = await _ids.RentAsync(cancellationToken).ConfigureAwait(false);
        return await Send(stream, request, decode, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<CqlRawResponse> Send(short stream, IRequest request, bool decode, CancellationToken cancellationToken)
    {
        var pending = _dispatcher.Slot(stream);
        var task = pending.Start(decode, cancellationToken);
        try
        {
            _writer.Write(stream, request);
        }
        catch (CqlProtocolException e)
        {
            // The request cannot be expressed in this version: nothing was sent, fail it alone.
            pending.Fail(e, connectionDead: true);
        }
        catch (Exception e)
        {
            pending.Fail(e, connectionDead: true);
        }
        return task;
    }

    /// <summary>
    /// REGISTERs this connection for <paramref name="eventTypes"/> (see <see cref="EventTypes"/>); the events then reach
    /// <see cref="CqlConnectionOptions.Events"/>. Throws <see cref="CqlServerException"/> when the server refuses.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="CqlConnectionOptions.Events"/> subscriber was given.</exception>
    public async Task RegisterAsync(IReadOnlyList<string> eventTypes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        if (_events is null) throw new InvalidOperationException("Set CqlConnectionOptions.Events to receive events");
        var answer = await SendAsync(new RegisterRequest(eventTypes), cancellationToken).ConfigureAwait(false);
        if (answer is not ReadyResponse) throw Unexpected("REGISTER", answer);
    }

    /// <summary>Calls to <see cref="CqlConnectionOptions.Events"/> that threw (each swallowed, delivery goes on).</summary>
    public long EventSubscriberErrors => _events?.SubscriberErrors ?? 0;

    /// <summary>Runs a QUERY; throws <see cref="CqlServerException"/> on ERROR.</summary>
    public Task<ResultResponse> QueryAsync(string cql, Consistency consistency = Consistency.One, CancellationToken cancellationToken = default) =>
        QueryAsync(new QueryRequest(cql, consistency), cancellationToken);

    /// <summary>Runs a QUERY with full parameters; throws <see cref="CqlServerException"/> on ERROR.</summary>
    public async Task<ResultResponse> QueryAsync(QueryRequest query, CancellationToken cancellationToken = default) =>
        Expect<ResultResponse>("QUERY", await SendAsync(query, cancellationToken).ConfigureAwait(false));

    /// <summary>Prepares a statement; throws <see cref="CqlServerException"/> on ERROR.</summary>
    public async Task<PreparedResult> PrepareAsync(string cql, CancellationToken cancellationToken = default) =>
        Expect<PreparedResult>("PREPARE", await SendAsync(new PrepareRequest(cql), cancellationToken).ConfigureAwait(false));

    /// <summary>Executes a prepared statement with <paramref name="parameters"/>; throws <see cref="CqlServerException"/> on ERROR.</summary>
    public async Task<ResultResponse> ExecuteAsync(PreparedResult prepared, QueryParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var request = new ExecuteRequest(prepared.Id, Version >= ProtocolVersion.V5 ? prepared.ResultMetadataId : null, parameters);
        return Expect<ResultResponse>("EXECUTE", await SendAsync(request, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Executes a prepared statement at ONE, encoding CLR <paramref name="values"/> with the bind markers' types.</summary>
    public Task<ResultResponse> ExecuteAsync(PreparedResult prepared, params object?[] values) =>
        ExecuteAsync(prepared, new QueryParameters(Consistency.One) { Values = EncodeValues(prepared, values, Version) }, CancellationToken.None);

    /// <summary>Encodes CLR values for <paramref name="prepared"/>'s bind markers (e.g. to build a request once and reuse it).</summary>
    public static CqlValueSlice[] EncodeValues(PreparedResult prepared, IReadOnlyList<object?> values, byte version)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(values);
        var columns = prepared.Variables.Columns;
        if (values.Count != columns.Count) throw new ArgumentException($"The statement has {columns.Count} bind markers, got {values.Count} values", nameof(values));
        var slices = new CqlValueSlice[values.Count];
        for (int i = 0; i < slices.Length; i++)
        {
            slices[i] = values[i] is null ? CqlValueSlice.Null : new CqlValueSlice(CqlValueCodec.Serialize(columns[i].Type, values[i], version));
        }
        return slices;
    }

    private static T Expect<T>(string what, IResponse response) where T : class, IResponse => response switch
    {
        T t => t,
        ErrorResponse error => throw new CqlServerException(error),
        _ => throw Unexpected(what, response),
    };

    /// <summary>SASL PLAIN in one step (what PasswordAuthenticator and the DataStax PlainTextAuthProvider do).</summary>
    private async Task AuthenticateAsync(AuthenticateResponse auth, CqlCredentials login, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(new AuthResponseRequest(login.PlainToken()), cancellationToken).ConfigureAwait(false);
        switch (answer)
        {
            case AuthSuccessResponse:
                return;
            case AuthChallengeResponse:
                throw new NotSupportedException($"The server's authenticator ({auth.Authenticator}) asked for more than one SASL PLAIN step");
            default:
                throw Unexpected("AUTH_RESPONSE", answer);
        }
    }

    private static CqlProtocolException Unexpected(string what, IResponse response) =>
        response is ErrorResponse error ? throw new CqlServerException(error) : new CqlProtocolException($"Unexpected answer to {what}: {response.Opcode}");

    /// <summary>Closes the connection; pending requests fail with <see cref="CqlConnectionClosedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            // Not Completion: that also waits for the event subscriber, which may be the one disposing.
            await _reading.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The read loop fails pending requests itself.
        }
        _ids.Dispose();
    }
}
