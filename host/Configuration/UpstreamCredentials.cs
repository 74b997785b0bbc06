namespace ScriptProxy.Host.Configuration;

/// <summary>
/// The login the proxy presents to the upstream under <see cref="ClientAuthPolicy.Replace"/>; with the cluster sink also the
/// login of its control connection and probes.
/// </summary>
/// <param name="Username">Upstream user name.</param>
/// <param name="Password">Upstream password (never printed: see <see cref="ToString"/>).</param>
public sealed record UpstreamCredentials(string Username, string Password)
{
    /// <summary>The SASL PLAIN initial response (RFC 4616) the DataStax PlainTextAuthProvider sends: NUL user NUL password.</summary>
    public byte[] PlainToken() => new Client.CqlCredentials(Username, Password).PlainToken();

    /// <inheritdoc />
    public override string ToString() => $"UpstreamCredentials {{ Username = {Username}, Password = *** }}";
}
