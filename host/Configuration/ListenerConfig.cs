using System.Net;

namespace ScriptProxy.Host.Configuration;

/// <summary>One client-facing listener; with <see cref="Tls"/> clients must speak TLS to it.</summary>
public sealed record ListenerConfig(IPAddress Address, int Port)
{
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>The server certificate for TLS on this listener; null for plain TCP.</summary>
    public ListenerTlsConfig? Tls { get; init; }
}
