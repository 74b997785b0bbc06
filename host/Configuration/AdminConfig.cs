using System.Net;

namespace ScriptProxy.Host.Configuration;

/// <summary>The admin HTTP endpoint (/metrics, /health, /stages). Any non-loopback address requires a token.</summary>
public sealed record AdminConfig(bool Enabled, IPAddress Address, int Port, string? Token)
{
    public const string TokenEnvironmentVariable = "SCRIPTPROXY_ADMIN_TOKEN";

    public static AdminConfig Default { get; } = new(true, IPAddress.Loopback, 9901, null);
}
