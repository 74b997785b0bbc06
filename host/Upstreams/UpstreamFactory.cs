using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Builds the upstream connector the config names.</summary>
public static class UpstreamFactory
{
    /// <summary>The connector for <paramref name="config"/>; <paramref name="metrics"/> gets the cluster sink's per-node series.</summary>
    public static IUpstreamConnector Create(ProxyConfig config, ILoggerFactory loggers, ProxyMetrics? metrics = null)
    {
        if (config.Upstream.Embedded) return new EmbeddedUpstreamConnector(loggers, config.EmbeddedUsers);
        if (config.Upstream.ContactPoints is { } contactPoints)
        {
            var access = new Cluster.ClusterNodeAccess(config.ConnectTimeout, config.UpstreamTls, config.UpstreamCredentials, config.Source);
            return new Cluster.ClusterUpstreamConnector(contactPoints, access, config.MaxFrameBytes, loggers, metrics);
        }
        return new TcpUpstreamConnector(config.Upstream.EndPoint!, config.ConnectTimeout, config.UpstreamTls);
    }
}
