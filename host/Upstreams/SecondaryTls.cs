using System.Net.Security;
using System.Text.Json;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Transforms;

namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// The host's <see cref="Transforms.Support.SecondaryTlsReader"/>: Tee's and DualWrite's <c>tls</c> object is read like
/// <c>upstreamTls</c> (same keys, same CA loading, once per stage build) and turned into client options by
/// <see cref="TlsHandshake.ClientOptions"/>, so the second cluster is checked exactly as the primary would be.
/// </summary>
internal static class SecondaryTls
{
    public static Func<SslClientAuthenticationOptions>? Read(string file, JsonElement tls, string key, string endpoint)
    {
        UpstreamTlsConfig config;
        try
        {
            config = UpstreamTlsReader.Read(new ConfigLoader.Reader(file), tls, key);
        }
        catch (ConfigException e)
        {
            // Stage settings errors travel as the transforms' exception, which the stage builder reports.
            throw new TransformConfigException(e.File, e.Key, e.Problem);
        }
        if (!config.Enabled) return null;
        // The certificate must name the host the user wrote (unless serverName says otherwise), as for upstreamTls.
        int colon = endpoint.LastIndexOf(':');
        string host = (colon > 0 ? endpoint[..colon] : endpoint).Trim('[', ']');
        return () => TlsHandshake.ClientOptions(config, host);
    }
}
