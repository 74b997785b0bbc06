using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
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

    private ProxyHarness(UpstreamConfig upstream, Func<ProxyConfig, ProxyConfig>? configure)
    {
        var config = new ProxyConfig
        {
            Listeners = [new ListenerConfig(IPAddress.Loopback, 0)],
            Upstream = upstream,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        Config = configure?.Invoke(config) ?? config;
        _upstream = UpstreamFactory.Create(Config, _loggers);
        Server = new ProxyServer(Config, _upstream, _loggers);
        Server.Start();
    }

    public ProxyConfig Config { get; }

    public ProxyServer Server { get; }

    public IPEndPoint EndPoint => Server.EndPoints[0];

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _upstream.DisposeAsync();
        _loggers.Dispose();
    }
}
