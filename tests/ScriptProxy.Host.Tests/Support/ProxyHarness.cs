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
    {
        var config = new ProxyConfig
        {
            Listeners = [new ListenerConfig(IPAddress.Loopback, 0)],
            Upstream = new UpstreamConfig(false, upstream),
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
