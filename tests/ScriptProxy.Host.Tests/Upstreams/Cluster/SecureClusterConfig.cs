using System.Net;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// Cluster sink configs with logins and TLS, parsed from proxy.json text by the real <see cref="ConfigLoader"/> (so
/// the tests go through the documented keys), and the proxy built from them. The file sits in the test certificates'
/// folder, where relative CA paths would resolve.
/// </summary>
internal static class SecureClusterConfig
{
    /// <summary>Where the proxy listens for driver tests: the driver knows only this address, never a node's.</summary>
    public const string ProxyAddress = "127.0.0.10";

    public static string File => Path.Combine(TestCertificates.Instance.Folder, "cluster-proxy.json");

    /// <summary>The cluster sink on node 0 of <paramref name="cluster"/>, plus <paramref name="members"/> (JSON members, e.g. "upstreamCredentials": ...).</summary>
    public static ProxyConfig Parse(LocalCluster cluster, string members) =>
        ConfigLoader.Parse($"{{\"upstream\": {{\"contactPoints\": [\"{cluster.EndPoints[0]}\"]}}, \"connectTimeoutSeconds\": 15, {members}}}", File);

    /// <summary>The proxy for <paramref name="parsed"/>, listening on <see cref="ProxyAddress"/> with a free port.</summary>
    public static ProxyHarness Proxy(ProxyConfig parsed) =>
        ProxyHarness.Cluster(parsed.Upstream.ContactPoints!, c => c with
        {
            Listeners = [new ListenerConfig(IPAddress.Parse(ProxyAddress), 0)],
            Source = parsed.Source,
            ConnectTimeout = parsed.ConnectTimeout,
            UpstreamTls = parsed.UpstreamTls,
            UpstreamCredentials = parsed.UpstreamCredentials,
            ClientAuth = parsed.ClientAuth,
        });

    public static string Credentials(string user, string password) =>
        $"\"upstreamCredentials\": {{\"username\": {TlsConfigs.Quote(user)}, \"password\": {TlsConfigs.Quote(password)}}}";
}
