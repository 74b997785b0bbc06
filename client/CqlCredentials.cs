using System.Text;

namespace ScriptProxy.Client;

/// <summary>A user name and password for PasswordAuthenticator (SASL PLAIN).</summary>
public sealed record CqlCredentials(string Username, string Password)
{
    /// <summary>The SASL PLAIN initial response (RFC 4616): NUL user NUL password.</summary>
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
    public override string ToString() => $"CqlCredentials {{ Username = {Username}, Password = *** }}";
}
