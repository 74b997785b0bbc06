using System.Net.Security;

namespace ScriptProxy.Transforms.Support;

/// <summary>Where Tee or DualWrite connects: the other cluster's "host:port", when it authenticates the login, and TLS.</summary>
/// <param name="Endpoint">"host:port" (a name is resolved by the host).</param>
/// <param name="Username">PasswordAuthenticator user; null = the cluster does not authenticate.</param>
/// <param name="Password">Its password (never printed: see <see cref="ToString"/>).</param>
public sealed record SecondaryTarget(string Endpoint, string? Username = null, string? Password = null)
{
    /// <summary>Client TLS options for each new connection (see <see cref="SecondaryTlsReader"/>); null = plain TCP.</summary>
    public Func<SslClientAuthenticationOptions>? Tls { get; init; }

    /// <inheritdoc />
    public override string ToString() => Username is null ? Endpoint : $"{Username}@{Endpoint}";
}
