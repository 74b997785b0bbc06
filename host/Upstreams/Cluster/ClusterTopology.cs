using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Upstreams.Cluster.Routing;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// The cluster as all sessions share it: the nodes and token ring read over a control connection (system.local and
/// system.peers_v2, falling back to system.peers), node up/down state, the table key cache and the prepared statement
/// registry. The ring is an immutable snapshot replaced atomically, so routing reads it without locks. A background
/// loop probes down nodes (a successful handshake marks them up) and re-reads the topology periodically.
/// </summary>
internal sealed class ClusterTopology : IAsyncDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MissedTableRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RefreshDebounce = TimeSpan.FromMilliseconds(200);
    // How long a DOWN event outweighs a reachable port when no UP event follows (it may have been missed).
    private static readonly TimeSpan EventDownHold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TopologyReadTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<(string Keyspace, string Table), (Task<TableKey?> Key, DateTime Asked)> _tableKeys = new();
    private readonly ControlConnection _control;
    private readonly ControlConnectionHealth _health;
    private readonly ProxyMetrics? _metrics;
    private readonly object _startLock = new();
    private volatile TokenRing _ring = new([]);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refreshRequested;
    private int _controlLost;
    private Task? _started;
    private Task? _background;
    private int _roundRobin;
    private long _reprepares;

    /// <param name="contactPoints">Nodes to read the topology from first.</param>
    /// <param name="access">How nodes are reached (timeout, TLS) and how the control connection and probes log in.</param>
    /// <param name="log">Logger.</param>
    /// <param name="metrics">Per-node series; null = none.</param>
    public ClusterTopology(IReadOnlyList<IPEndPoint> contactPoints, ClusterNodeAccess access, ILogger log, ProxyMetrics? metrics = null)
    {
        Access = access;
        _log = log;
        _metrics = metrics;
        _control = new ControlConnection(contactPoints, access, OnEvent, OnControlLost, log);
        _health = new ControlConnectionHealth(log);
    }

    /// <summary>The current ring (all nodes, with their state).</summary>
    public TokenRing Ring => _ring;

    /// <summary>Prepared statements by id (hex), cluster-wide: a statement prepared by one session routes for all.</summary>
    public ConcurrentDictionary<string, PreparedStatementInfo> Prepared { get; } = new(StringComparer.Ordinal);

    /// <summary>How every connection to a node is opened (timeout, TLS, the proxy's own login).</summary>
    public ClusterNodeAccess Access { get; }

    /// <summary>The node the control connection (the one REGISTERed for events) goes to; null while there is none.</summary>
    public IPEndPoint? ControlEndPoint => _control.EndPoint;

    /// <summary>Why no control connection can be reopened now, else null; for readiness only (routing keeps the last ring).</summary>
    public string? Problem => _health.Problem;

    /// <summary>Statements re-prepared on a node that answered Unprepared (each retried without the client seeing it).</summary>
    public long Reprepares => Interlocked.Read(ref _reprepares);

    public void CountReprepare() => Interlocked.Increment(ref _reprepares);

    /// <summary>Reads the topology once (first caller), then keeps it fresh in the background.</summary>
    public Task StartAsync()
    {
        lock (_startLock)
        {
            if (_started is { IsFaulted: false } || _started is { IsCompleted: false }) return _started;
            _started = StartCoreAsync();
            return _started;
        }
    }

    private async Task StartCoreAsync()
    {
        await RefreshAsync(_stopping.Token).ConfigureAwait(false);
        lock (_startLock) _background ??= Task.Run(() => MaintainAsync(_stopping.Token));
    }

    /// <summary>A node that is up, taking turns; null when every node is down.</summary>
    public ClusterNode? NextUp()
    {
        var nodes = _ring.Nodes;
        if (nodes.Count == 0) return null;
        int start = (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)nodes.Count);
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[(start + i) % nodes.Count];
            if (node.IsUp) return node;
        }
        return null;
    }

    /// <summary>A connection to the node failed or broke: route around it until a probe reaches it again.</summary>
    public void MarkDown(ClusterNode node, string reason)
    {
        if (node.SetUp(false)) _log.LogWarning("Cluster node {Node} is down: {Reason}", node, reason);
    }

    /// <summary>A connection to the node succeeded (ignored while a DOWN event holds the node down).</summary>
    public void ReportReachable(ClusterNode node)
    {
        if (node.IsHeldDown) return;
        if (node.SetUp(true)) _log.LogInformation("Cluster node {Node} is up", node);
    }

    /// <summary>The partition key of a table (cached); null when unknown or not readable.</summary>
    public Task<TableKey?> TableKeyAsync(string keyspace, string table)
    {
        var key = (keyspace, table);
        if (_tableKeys.TryGetValue(key, out var cached) && !(cached.Key.IsCompletedSuccessfully && cached.Key.Result is null && DateTime.UtcNow - cached.Asked > MissedTableRetry))
            return cached.Key;
        var fresh = (ReadTableKeyAsync(keyspace, table), DateTime.UtcNow);
        _tableKeys[key] = fresh;
        return fresh.Item1;
    }

    private async Task<TableKey?> ReadTableKeyAsync(string keyspace, string table)
    {
        string cql = $"SELECT column_name, kind, position, type FROM system_schema.columns WHERE keyspace_name = '{Escape(keyspace)}' AND table_name = '{Escape(table)}'";
        try
        {
            var control = await ControlAsync(_stopping.Token).ConfigureAwait(false);
            if (await control.QueryAsync(cql, Consistency.One, _stopping.Token).ConfigureAwait(false) is not RowsResult rows) return null;
            var keyColumns = new List<(int Position, string Name, CqlType Type)>();
            for (int i = 0; i < rows.RowCount; i++)
            {
                if (SystemTables.Text(rows, i, "kind") != "partition_key") continue;
                int position = rows.GetCell(i, "position") is { HasBytes: true } p ? (int)CqlValueCodec.Decode(CqlType.Int, p.Bytes.Span, 4)! : 0;
                keyColumns.Add((position, SystemTables.Text(rows, i, "column_name")!, CqlType.Parse(SystemTables.Text(rows, i, "type")!)));
            }
            if (keyColumns.Count == 0) return null;
            keyColumns.Sort((a, b) => a.Position.CompareTo(b.Position));
            return new TableKey(keyColumns.Select(c => c.Name).ToArray(), keyColumns.Select(c => c.Type).ToArray());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogDebug("Cluster: cannot read the key of {Keyspace}.{Table}: {Error}", keyspace, table, e.Message);
            return null;
        }
    }

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var lastRefresh = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
                bool reconnect = Interlocked.Exchange(ref _controlLost, 0) != 0;
                if (Volatile.Read(ref _refreshRequested) != 0)
                {
                    // Debounce: a node joining or a rolling restart sends a burst; one re-read after it covers all.
                    await Task.Delay(RefreshDebounce, cancellationToken).ConfigureAwait(false);
                }
                bool requested = Interlocked.Exchange(ref _refreshRequested, 0) != 0;
                if (reconnect)
                {
                    // Events may have been missed while no connection was registered: holds may be stale, re-read.
                    foreach (var node in _ring.Nodes) node.ReleaseHold();
                }
                foreach (var node in _ring.Nodes.Where(n => !n.IsUp && !n.IsHeldDown)) await ProbeAsync(node, cancellationToken).ConfigureAwait(false);
                if (reconnect || requested || DateTime.UtcNow - lastRefresh > RefreshInterval)
                {
                    lastRefresh = DateTime.UtcNow;
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogDebug("Cluster: topology maintenance failed: {Error}", e.Message);
                // A failed reconnect is retried on the next round rather than in 10 s.
                if (!_control.IsOpen) Interlocked.Exchange(ref _controlLost, 1);
            }
        }
    }

    /// <summary>Returns after <see cref="ProbeInterval"/> or as soon as an event or a lost control connection asks for work.</summary>
    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        var wake = Volatile.Read(ref _wake);
        if (wake.Task.IsCompleted)
        {
            // Woken since the last round: that round's work is picked up from the flags now; arm a fresh signal.
            Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            return;
        }
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(ProbeInterval, delay.Token);
        await Task.WhenAny(wake.Task, timer).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (wake.Task.IsCompleted) Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private void OnControlLost()
    {
        Interlocked.Exchange(ref _controlLost, 1);
        Wake();
    }

    /// <summary>An event on the control connection (on the client's event task, one at a time).</summary>
    private void OnEvent(EventResponse e)
    {
        switch (e)
        {
            case StatusChangeEvent { Change: StatusChangeType.Down } down:
                if (FindNode(down.Address) is { } gone)
                {
                    gone.HoldDown(EventDownHold);
                    MarkDown(gone, $"STATUS_CHANGE DOWN from {_control.EndPoint}");
                }
                else _log.LogInformation("Cluster: STATUS_CHANGE DOWN for {Address}, not a known node", down.Address);
                break;
            case StatusChangeEvent up:
                if (FindNode(up.Address) is { } back)
                {
                    _log.LogInformation("Cluster: STATUS_CHANGE UP for {Node}; probing it now", back);
                    back.ReleaseHold();
                }
                else
                {
                    _log.LogInformation("Cluster: STATUS_CHANGE UP for {Address}, not a known node; re-reading the topology", up.Address);
                    Interlocked.Exchange(ref _refreshRequested, 1);
                }
                Wake();
                break;
            case TopologyChangeEvent change:
                _log.LogInformation("Cluster: TOPOLOGY_CHANGE {Change} for {Address}; re-reading the topology", change.Change, change.Address);
                Interlocked.Exchange(ref _refreshRequested, 1);
                Wake();
                break;
        }
    }

    /// <summary>
    /// The node an event names: its native address and port; by address alone when exactly one node has it (servers
    /// that put another port in the event).
    /// </summary>
    private ClusterNode? FindNode(IPEndPoint address)
    {
        var ip = address.Address.IsIPv4MappedToIPv6 ? address.Address.MapToIPv4() : address.Address;
        var nodes = _ring.Nodes;
        ClusterNode? byAddress = null;
        int sameAddress = 0;
        foreach (var node in nodes)
        {
            if (!node.EndPoint.Address.Equals(ip)) continue;
            if (node.EndPoint.Port == address.Port) return node;
            byAddress = node;
            sameAddress++;
        }
        return sameAddress == 1 ? byAddress : null;
    }

    private async Task ProbeAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        try
        {
            // The whole handshake, TLS and login included: a node is up when a client session's connection would work.
            await using var probe = await Access.OpenAsync(node.EndPoint, null, cancellationToken).ConfigureAwait(false);
            ReportReachable(node);
        }
        catch (ClusterAuthenticationException e) when (Access.Credentials is null)
        {
            // No login configured, yet the control connection got in elsewhere (a cluster turning authentication on
            // node by node): this node answers, and client sessions log in on it with their own accepted tokens.
            _log.LogDebug("Cluster: probe of {Node}: {Error}", node, e.Message);
            ReportReachable(node);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogDebug("Cluster: probe of {Node} failed: {Error}", node, e.Message);
        }
    }

    /// <summary>Re-reads system.local and the peers and swaps in a new ring (nodes keep their identity and state).</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var control = await ControlAsync(cancellationToken).ConfigureAwait(false);
        List<SystemTables.Member> discovered;
        // Bounded: a node that keeps the connection open and stops answering (a long GC, a hung node) must not hold this
        // loop, and with it probes and reconnects, forever. Closing the connection makes the next round open another.
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(TopologyReadTimeout);
            try
            {
                discovered = await SystemTables.ReadMembersAsync(control, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                await control.DisposeAsync().ConfigureAwait(false);
                var timeout = new TimeoutException($"{control.RemoteEndPoint} did not answer the topology read within {TopologyReadTimeout.TotalSeconds:0} s", e);
                _health.Failed(timeout);
                throw timeout;
            }
        }
        var old = _ring.Nodes.ToDictionary(n => n.HostId);
        var nodes = new List<ClusterNode>();
        foreach (var (hostId, ep, tokens, dc) in discovered)
        {
            if (old.TryGetValue(hostId, out var known) && known.EndPoint.Equals(ep) && known.Tokens.SequenceEqual(tokens)) nodes.Add(known);
            else
            {
                var node = new ClusterNode(hostId, ep, tokens, dc, _metrics?.ClusterNode(ep.ToString()));
                // Same host with new tokens (a move): it keeps its state.
                if (known is { IsUp: false }) node.SetUp(false);
                nodes.Add(node);
                _log.LogInformation("Cluster node {Node} ({Tokens} tokens, {DataCenter})", ep, tokens.Length, dc);
            }
        }
        foreach (var gone in old.Values.Where(o => nodes.All(n => n.HostId != o.HostId)))
        {
            _log.LogInformation("Cluster node {Node} left the ring", gone);
            if (nodes.All(n => !n.EndPoint.Equals(gone.EndPoint))) _metrics?.ClusterNodeRemoved(gone.EndPoint.ToString());
        }
        _ring = new TokenRing(nodes);
        // Read through a control connection that is open now: whatever kept it from reopening is over.
        _health.Recovered();
    }

    private async Task<CqlConnection> ControlAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _control.GetAsync(_ring.Nodes.Where(n => n.IsUp).Select(n => n.EndPoint), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ClusterAuthenticationException or IOException)
        {
            // Every candidate refused the login or did not answer; ControlConnectionHealth says why both count.
            _health.Failed(e);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_background is not null)
        {
            try
            {
                await _background.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        await _control.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
