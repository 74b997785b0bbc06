using System.Text;

namespace ScriptProxy.Host.Configuration;

/// <summary>The login the proxy presents to the upstream under <see cref="ClientAuthPolicy.Replace"/>.</summary>
/// <param name="Username">Upstream user name.</param>
/// <param name="Password">Upstream password (never printed: see <see cref="ToString"/>).</param>
public sealed record UpstreamCredentials(string Username, string Password)
{
    /// <summary>The SASL PLAIN initial response (RFC 4616) the DataStax PlainTextAuthProvider sends: NUL user NUL password.</summary>
    public byte[] PlainToken()
    {
        var user = Encoding.UTF8.GetBytes(Username);
        var password = Encoding.UTF8.GetBytes(Password);
        var token = new byte[2 + user.Length + password.Length];
        user.CopyTo(token, 1);
        password.CopyTo(token, 2 + user.Length);
        return token;
    }

    /// <inheritdoc />
    public override string ToString() => $"UpstreamCredentials {{ Username = {Username}, Password = *** }}";
}
