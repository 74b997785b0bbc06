using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Builds the upstream connector the config names.</summary>
public static class UpstreamFactory
{
    public static IUpstreamConnector Create(ProxyConfig config, ILoggerFactory loggers)
    {
        if (config.Upstream.Embedded)
        {
            // TODO(issue 4): the embedded node lands with step 2.
            throw new NotSupportedException("The embedded node is not available yet; set \"upstream\" to \"host:port\"");
        }
        return new TcpUpstreamConnector(config.Upstream.EndPoint!, config.ConnectTimeout);
    }
}
