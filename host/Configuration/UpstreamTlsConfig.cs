using System.Security.Cryptography.X509Certificates;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// TLS from the proxy to a host:port upstream, or to every node of a contactPoints cluster (<c>upstreamTls</c>). The
/// upstream's certificate is checked against the system roots, or only against <see cref="CaCertificates"/> when a CA
/// file is given, and against <see cref="ServerName"/> (default: the upstream's, or each node's, address). <see cref="InsecureSkipVerify"/> turns checking off.
/// </summary>
public sealed record UpstreamTlsConfig(bool Enabled, X509Certificate2Collection? CaCertificates, string? ServerName, bool InsecureSkipVerify)
{
    public static UpstreamTlsConfig Disabled { get; } = new(false, null, null, false);
}
