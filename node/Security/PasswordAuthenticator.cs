using System.Security.Cryptography;
using System.Text;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Security;

/// <summary>
/// Cassandra's PasswordAuthenticator for the embedded node: one SASL PLAIN round (RFC 4616,
/// <c>[authzid] NUL authcid NUL password</c>), with Cassandra's error texts.
/// </summary>
internal sealed class PasswordAuthenticator(IReadOnlyList<NodeUser> users)
{
    /// <summary>The class name sent in AUTHENTICATE, which drivers match to pick their PLAIN provider.</summary>
    public const string ClassName = "org.apache.cassandra.auth.PasswordAuthenticator";

    /// <summary>Checks a PLAIN token; returns the user, or null with Cassandra's message for AuthenticationError.</summary>
    public NodeUser? Authenticate(ReadOnlySpan<byte> token, out string error)
    {
        int first = token.IndexOf((byte)0);
        int second = first < 0 ? -1 : token[(first + 1)..].IndexOf((byte)0);
        if (first < 0 || second < 0)
        {
            error = "Authentication ID must not be null";
            return null;
        }
        var name = token.Slice(first + 1, second);
        var password = token[(first + 1 + second + 1)..];
        if (name.IsEmpty)
        {
            error = "Authentication ID must not be null";
            return null;
        }
        if (password.IsEmpty)
        {
            error = "Password must not be null";
            return null;
        }
        string user = Encoding.UTF8.GetString(name);
        foreach (var candidate in users)
        {
            if (candidate.Name != user) continue;
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate.Password), password))
            {
                error = "";
                return candidate;
            }
            break;
        }
        error = $"Provided username {user} and/or password are incorrect";
        return null;
    }
}
