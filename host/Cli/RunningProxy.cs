using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Cli;

/// <summary>One in-process proxy built from a <see cref="ProxyConfig"/>: upstream, stage runtime and listener, as <c>run</c> builds them.</summary>
internal sealed class RunningProxy : IAsyncDisposable
{
    private readonly IUpstreamConnector _upstream;
    private readonly StageHost? _stages;
    private readonly ProxyServer _server;

    private RunningProxy(ProxyConfig config, IUpstreamConnector upstream, StageHost? stages, ProxyServer server)
    {
        Config = config;
        _upstream = upstream;
        _stages = stages;
        _server = server;
    }

    public ProxyConfig Config { get; }

    public IPEndPoint EndPoint => _server.EndPoints[0];

    /// <exception cref="ConfigException">A stage did not build.</exception>
    public static async Task<RunningProxy> StartAsync(ProxyConfig config, ILoggerFactory loggers)
    {
        var metrics = new ProxyMetrics();
        var upstream = UpstreamFactory.Create(config, loggers, metrics);
        StageHost? stages = null;
        ProxyServer? server = null;
        try
        {
            if (config.Stages.Count > 0)
            {
                stages = new StageHost(config, loggers);
                await stages.StartAsync().ConfigureAwait(false);
            }
            server = new ProxyServer(config, upstream, loggers, metrics, stages);
            server.Start();
            return new RunningProxy(config, upstream, stages, server);
        }
        catch
        {
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
            stages?.Dispose();
            await upstream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _stages?.Dispose();
        await _upstream.DisposeAsync().ConfigureAwait(false);
    }
}
