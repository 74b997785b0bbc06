using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Server;

namespace ScriptProxy.Node.Hosting;

/// <summary>
/// An in-memory CQL node speaking the native protocol v3-v5 to unmodified drivers. Serve it over TCP with
/// <see cref="StartAsync"/> or hand it in-process connections with <see cref="ServeConnectionAsync"/>.
/// All data lives in memory and is lost when the node is disposed. Several nodes forming one cluster (shared schema,
/// token ranges, peers, status events) are started by <see cref="EmbeddedCluster"/>.
/// </summary>
public sealed class EmbeddedNode : IAsyncDisposable
{
    private readonly NodeCore _core;
    private readonly RequestHandler _handler;
    private readonly ConcurrentDictionary<NodeConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _serving = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _detached;

    public EmbeddedNode(EmbeddedNodeOptions? options = null)
        : this(options ?? new EmbeddedNodeOptions(), null)
    {
    }

    /// <summary>A node of a cluster: <paramref name="sharing"/> supplies the shared schema and this node's storage.</summary>
    internal EmbeddedNode(EmbeddedNodeOptions options, NodeSharing? sharing)
    {
        _core = new NodeCore(options, sharing);
        _handler = new RequestHandler(_core);
        _core.Schema.Changed += OnSchemaChanged;
    }

    private void OnSchemaChanged(SchemaChange change) => Announce(new SchemaChangeEvent(change));

    /// <summary>
    /// Pushes <paramref name="e"/> (stream -1) to every connection that REGISTERed for its event type, as a node
    /// tells its clients about schema, topology and status changes.
    /// </summary>
    public void Announce(EventResponse e)
    {
        ArgumentNullException.ThrowIfNull(e);
        foreach (var c in _connections.Keys)
        {
            bool wanted = e switch
            {
                SchemaChangeEvent => c.State.SchemaEvents,
                StatusChangeEvent => c.State.StatusEvents,
                TopologyChangeEvent => c.State.TopologyEvents,
                _ => false,
            };
            if (wanted) c.Push(e);
        }
    }

    /// <summary>Counters of this node: requests served, owned and foreign partitions touched.</summary>
    public NodeStatistics Statistics => _core.Statistics;

    /// <summary>Changes the reported identity while running (the cluster fills in peers once every port is bound).</summary>
    internal void Reconfigure(Func<EmbeddedNodeOptions, EmbeddedNodeOptions> change) => _core.Options = change(_core.Options);

    /// <summary>True once this node's tokens (against its peers' tokens) make it the primary replica of <paramref name="token"/>.</summary>
    public bool OwnsToken(long token) => _core.Ring.Owns(token);

    /// <summary>The node's identity; after <see cref="StartAsync"/> NativePort is the port actually bound.</summary>
    public EmbeddedNodeOptions Options => _core.Options;

    /// <summary>The TCP endpoint being listened on, once started.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Current schema version (changes on every DDL), as system.local reports it.</summary>
    public Guid SchemaVersion => _core.Schema.Current.Version;

    /// <summary>
    /// Serves one client connection until the client closes it or <paramref name="ct"/> is cancelled. Completes both
    /// sides of <paramref name="transport"/> when done. Never throws for protocol or I/O problems of the client.
    /// </summary>
    public async Task ServeConnectionAsync(IDuplexPipe transport, EndPoint? remote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        var connection = new NodeConnection(_core, _handler, transport, remote);
        _connections[connection] = 0;
        try
        {
            await connection.RunAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }

    /// <summary>
    /// Binds a TCP listener (port 0 picks a free port; see <see cref="LocalEndPoint"/>) and accepts connections in the
    /// background. Returns once the socket is listening.
    /// </summary>
    public Task StartAsync(IPEndPoint listen, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (_listener is not null) throw new InvalidOperationException("The node is already listening");
        var socket = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        ListenerSocket.AllowRebindAfterRestart(socket);
        try
        {
            socket.Bind(listen);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        socket.Listen(512);
        _listener = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _core.Options = _core.Options with
        {
            NativePort = LocalEndPoint.Port,
            ListenAddress = listen.Address.Equals(IPAddress.Any) ? _core.Options.ListenAddress : listen.Address,
        };
        _acceptLoop = Task.Run(() => AcceptLoopAsync(socket), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            client.NoDelay = true;
            var task = ServeSocketAsync(client);
            _serving[task] = 0;
            _ = task.ContinueWith(t => _serving.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeSocketAsync(Socket client)
    {
        await Task.Yield();
        var remote = client.RemoteEndPoint;
        var certificate = _core.Options.TlsCertificate;
        await using Stream stream = certificate is null
            ? new NetworkStream(client, ownsSocket: true)
            : new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            if (stream is SslStream ssl) await AuthenticateAsync(ssl, certificate!).ConfigureAwait(false);
            await ServeConnectionAsync(new StreamDuplexPipe(stream), remote, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A broken client must never take the listener down.
        }
    }

    /// <summary>The server side of a client's TLS handshake; a client that does not finish it within 10 s is dropped.</summary>
    private async Task AuthenticateAsync(SslStream ssl, X509Certificate2 certificate)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        };
        await ssl.AuthenticateAsServerAsync(options, limit.Token).ConfigureAwait(false);
    }

    /// <summary>Stops accepting, closes every connection and waits for them to finish.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _detached, 1) == 0)
        {
            _core.Schema.Changed -= OnSchemaChanged;
            _core.Detach();
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.WaitAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(_serving.Keys).WaitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _stopping.Dispose();
        }
    }
}
