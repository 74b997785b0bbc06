using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Builds the upstream connector the config names.</summary>
public static class UpstreamFactory
{
    public static IUpstreamConnector Create(ProxyConfig config, ILoggerFactory loggers)
    {
        if (config.Upstream.Embedded) return new EmbeddedUpstreamConnector(loggers, config.EmbeddedUsers);
        if (config.Upstream.ContactPoints is { } contactPoints) return new Cluster.ClusterUpstreamConnector(contactPoints, config.ConnectTimeout, config.MaxFrameBytes, loggers);
        return new TcpUpstreamConnector(config.Upstream.EndPoint!, config.ConnectTimeout, config.UpstreamTls);
    }
}
