using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>The real proxy server, in-process, listening on an ephemeral loopback port.</summary>
public sealed class ProxyHarness : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
    private readonly IUpstreamConnector _upstream;

    public ProxyHarness(IPEndPoint upstream, Func<ProxyConfig, ProxyConfig>? configure = null)
        : this(new UpstreamConfig(false, upstream), configure)
    {
    }

    /// <summary>The proxy in front of its in-process embedded node (the shipped default).</summary>
    public static ProxyHarness Embedded(Func<ProxyConfig, ProxyConfig>? configure = null) => new(UpstreamConfig.EmbeddedNode, configure);

    /// <summary>The proxy in front of a cluster discovered from <paramref name="contactPoints"/> (token-aware routing).</summary>
    public static ProxyHarness Cluster(IReadOnlyList<IPEndPoint> contactPoints, Func<ProxyConfig, ProxyConfig>? configure = null) =>
        new(UpstreamConfig.Cluster(contactPoints), configure);

    /// <summary>
    /// The proxy in front of its embedded node with the stage runtime: <paramref name="configure"/> must set
    /// <c>Stages</c> and <c>Source</c> (a proxy.json path in the folder the stage paths are relative to).
    /// </summary>
    public static Task<ProxyHarness> EmbeddedWithStagesAsync(Func<ProxyConfig, ProxyConfig> configure) => WithStagesAsync(UpstreamConfig.EmbeddedNode, configure);

    /// <summary>The proxy with the stage runtime in front of a CQL endpoint (e.g. a standalone embedded node on a port).</summary>
    /// <param name="stageLogs">Where the stages log (e.g. a collecting factory, to assert on log lines); null: nowhere.</param>
    public static Task<ProxyHarness> WithStagesAsync(IPEndPoint upstream, Func<ProxyConfig, ProxyConfig> configure, ILoggerFactory? stageLogs = null) =>
        WithStagesAsync(new UpstreamConfig(false, upstream), configure, stageLogs);

    /// <summary>The proxy with the stage runtime in front of a whole cluster (the cluster sink, <paramref name="contactPoints"/>).</summary>
    public static Task<ProxyHarness> ClusterWithStagesAsync(IReadOnlyList<IPEndPoint> contactPoints, Func<ProxyConfig, ProxyConfig> configure) =>
        WithStagesAsync(UpstreamConfig.Cluster(contactPoints), configure);

    private static async Task<ProxyHarness> WithStagesAsync(UpstreamConfig upstream, Func<ProxyConfig, ProxyConfig> configure, ILoggerFactory? stageLogs = null)
    {
        var loggers = stageLogs ?? LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        var probe = configure(new ProxyConfig());
        var stages = new Host.Stages.StageHost(probe, loggers);
        await stages.StartAsync();
        return new ProxyHarness(upstream, configure, stages);
    }

    private readonly Host.Stages.StageHost? _stages;

    /// <summary>The stage runtime, when the harness was made with one.</summary>
    public Host.Stages.StageHost? Stages => _stages;

    private ProxyHarness(UpstreamConfig upstream, Func<ProxyConfig, ProxyConfig>? configure, Host.Stages.StageHost? stages = null)
    {
        _stages = stages;
        var config = new ProxyConfig
        {
            Listeners = [new ListenerConfig(IPAddress.Loopback, 0)],
            Upstream = upstream,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        Config = configure?.Invoke(config) ?? config;
        var metrics = new ProxyMetrics();
        _upstream = UpstreamFactory.Create(Config, _loggers, metrics);
        Server = new ProxyServer(Config, _upstream, _loggers, metrics, stages);
        Server.Start();
    }

    public ProxyConfig Config { get; }

    /// <summary>The upstream connector the proxy uses.</summary>
    public IUpstreamConnector Upstream => _upstream;

    public ProxyServer Server { get; }

    public IPEndPoint EndPoint => Server.EndPoints[0];

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _upstream.DisposeAsync();
        _stages?.Dispose();
        _loggers.Dispose();
    }
}
