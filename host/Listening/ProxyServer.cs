using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Sessions;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Listening;

/// <summary>
/// Accepts client connections on every configured listener and runs a <see cref="ClientSession"/> for each.
/// <see cref="StopAsync"/> stops accepting, lets sessions finish their in-flight requests within the
/// shutdown timeout, then closes what is left.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private readonly ProxyConfig _config;
    private readonly IUpstreamConnector _upstream;
    private readonly ILogger _log;
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<ClientSession, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();

    private readonly Stages.StageHost? _stages;

    /// <param name="config">The proxy configuration.</param>
    /// <param name="upstream">Where sessions connect.</param>
    /// <param name="loggers">Logger factory.</param>
    /// <param name="metrics">Metrics (a new set if null).</param>
    /// <param name="stages">The stage runtime; null runs every connection on the bypass path.</param>
    public ProxyServer(ProxyConfig config, IUpstreamConnector upstream, ILoggerFactory loggers, ProxyMetrics? metrics = null, Stages.StageHost? stages = null)
    {
        _stages = stages;
        Metrics = metrics ?? new ProxyMetrics();
        _config = config;
        _upstream = upstream;
        _log = loggers.CreateLogger("ScriptProxy.Proxy");
    }

    /// <summary>The bound endpoints (port 0 in config becomes the real port here).</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!).ToList();

    public int SessionCount => _sessions.Count;

    public ProxyMetrics Metrics { get; }

    public void Start()
    {
        foreach (var listener in _config.Listeners)
        {
            var socket = new Socket(listener.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Node.Hosting.ListenerSocket.AllowRebindAfterRestart(socket);
            socket.Bind(listener.EndPoint);
            socket.Listen(1024);
            _listeners.Add(socket);
            if (_listeners.Count == 1 && _upstream is IAdvertisedAddressAware aware) aware.OnListening((IPEndPoint)socket.LocalEndPoint!);
            _acceptLoops.Add(AcceptLoopAsync(socket, listener.Tls));
            _log.LogInformation("Listening on {EndPoint}{Tls}, upstream {Upstream}", socket.LocalEndPoint, listener.Tls is null ? "" : " (TLS)", _upstream.Description);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, ListenerTlsConfig? tls)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Transient accept failures (e.g. the client reset before accept) must not stop the listener.
                _log.LogWarning("Accept failed on {EndPoint}: {Error}", listener.LocalEndPoint, e.Message);
                continue;
            }
            if (tls is null) StartSession(new SocketTransport(client));
            else _ = HandshakeThenStartAsync(client, tls);
        }
    }

    private void StartSession(SocketTransport transport)
    {
        var session = new ClientSession(transport, _upstream, _config, _log, Metrics, _stages);
        Metrics.ConnectionsTotal.Inc();
        Metrics.ConnectionsOpen.Inc();
        _log.LogDebug("{Client}: connected", session.Name);
        // Registered before it runs, then given its task only if it is still there: a short session on another
        // thread can end (and remove itself) before RunSessionAsync's task is stored, and storing it then would
        // leave a finished session counted forever (seen once in 10,000 connections on a loaded machine).
        _sessions[session] = Task.CompletedTask;
        var run = RunSessionAsync(session);
        _sessions.TryUpdate(session, run, Task.CompletedTask);
    }

    /// <summary>The TLS handshake runs off the accept loop (a slow client must not hold up others), bounded by the connect timeout.</summary>
    private async Task HandshakeThenStartAsync(Socket client, ListenerTlsConfig tls)
    {
        string peer = client.RemoteEndPoint?.ToString() ?? "client";
        try
        {
            var transport = await TlsHandshake.AsServerAsync(client, tls, _config.ConnectTimeout, _stopping.Token).ConfigureAwait(false);
            if (_stopping.IsCancellationRequested)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                return;
            }
            StartSession(transport);
        }
        catch (Exception e)
        {
            // Not awaited by anyone: every failure ends here (the socket is already disposed by TlsHandshake).
            Metrics.TlsHandshakeFailures.Inc();
            _log.LogInformation("{Client}: TLS handshake failed: {Error}", peer, e.Message);
        }
    }

    private async Task RunSessionAsync(ClientSession session)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            Metrics.ConnectionsOpen.Dec();
            _sessions.TryRemove(session, out _);
        }
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        foreach (var l in _listeners) l.Dispose();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        var sessions = _sessions.ToArray();
        int inFlight = sessions.Sum(s => s.Key.InFlight);
        _log.LogInformation("Shutting down: {Sessions} connections, {InFlight} requests in flight", sessions.Length, inFlight);
        foreach (var (session, _) in sessions) session.BeginDrain();
        var all = Task.WhenAll(sessions.Select(s => s.Value));
        if (await Task.WhenAny(all, Task.Delay(_config.ShutdownTimeout + TimeSpan.FromSeconds(1))).ConfigureAwait(false) != all)
        {
            _log.LogWarning("Shutdown timeout: closing {Count} connections with requests still in flight", _sessions.Count);
            foreach (var (session, _) in _sessions) session.Abort();
            await all.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
