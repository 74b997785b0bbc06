using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Upstreams.Cluster.Sessions;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// A whole Cassandra cluster as the upstream. Each client connection gets an in-memory pipe pair whose far end is a
/// <see cref="ClusterSession"/>: it routes every request token-aware to a node connection of that session and writes
/// the answers back, so the client session above (validation, stages, credential swap) works unchanged. The topology
/// (nodes, ring, up/down, prepared statements, table keys) is shared by all sessions.
/// </summary>
public sealed class ClusterUpstreamConnector : IUpstreamConnector, IUpstreamHealth
{
    private readonly ClusterTopology _topology;
    private readonly int _maxBodyLength;
    private readonly ILogger _log;

    /// <param name="contactPoints">Nodes to read the topology from (any one that answers).</param>
    /// <param name="connectTimeout">TCP connect timeout to a node.</param>
    /// <param name="maxBodyLength">Largest envelope body accepted.</param>
    /// <param name="loggers">Logger source.</param>
    /// <param name="metrics">Where the per-node series go (up gauge, requests routed); null = none.</param>
    public ClusterUpstreamConnector(IReadOnlyList<IPEndPoint> contactPoints, TimeSpan connectTimeout, int maxBodyLength, ILoggerFactory loggers, ProxyMetrics? metrics = null)
        : this(contactPoints, ClusterNodeAccess.Plain(connectTimeout), maxBodyLength, loggers, metrics)
    {
    }

    /// <param name="contactPoints">Nodes to read the topology from (any one that answers).</param>
    /// <param name="access">How nodes are reached: timeout, TLS, the proxy's own login.</param>
    /// <param name="maxBodyLength">Largest envelope body accepted.</param>
    /// <param name="loggers">Logger source.</param>
    /// <param name="metrics">Where the per-node series go (up gauge, requests routed); null = none.</param>
    internal ClusterUpstreamConnector(IReadOnlyList<IPEndPoint> contactPoints, ClusterNodeAccess access, int maxBodyLength, ILoggerFactory loggers, ProxyMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(contactPoints);
        ArgumentNullException.ThrowIfNull(loggers);
        if (contactPoints.Count == 0) throw new ArgumentException("At least one contact point is needed", nameof(contactPoints));
        _log = loggers.CreateLogger("ScriptProxy.Cluster");
        _topology = new ClusterTopology(contactPoints, access, _log, metrics);
        _maxBodyLength = maxBodyLength;
        Description = "cluster " + string.Join(",", contactPoints) + (access.Tls.Enabled ? " (TLS)" : "");
    }

    public string Description { get; }

    /// <summary>Set while no control connection can be reopened (sessions still open and route on the last ring).</summary>
    public string? Problem => _topology.Problem;

    /// <summary>Nodes and their state, for tests and operations.</summary>
    internal ClusterTopology Topology => _topology;

    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _topology.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var toRouter = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var fromRouter = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var proxySide = new DuplexPipe(fromRouter.Reader, toRouter.Writer);
        var session = new ClusterSession(_topology, new DuplexPipe(toRouter.Reader, fromRouter.Writer), _maxBodyLength, _log);
        session.Start();
        async ValueTask Close()
        {
            await proxySide.Output.CompleteAsync().ConfigureAwait(false);
            await proxySide.Input.CompleteAsync().ConfigureAwait(false);
            await session.CloseAsync().ConfigureAwait(false);
        }
        return new UpstreamConnection(proxySide, Close);
    }

    public ValueTask DisposeAsync() => _topology.DisposeAsync();

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
