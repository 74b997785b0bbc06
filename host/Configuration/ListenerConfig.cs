using System.Net;

namespace ScriptProxy.Host.Configuration;

/// <summary>One client-facing listener.</summary>
public sealed record ListenerConfig(IPAddress Address, int Port)
{
    public IPEndPoint EndPoint => new(Address, Port);
}
