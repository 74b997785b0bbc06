namespace ScriptProxy.Node.Hosting;

/// <summary>
/// A login role of an embedded node with authentication on (<see cref="EmbeddedNodeOptions.Users"/>). A superuser may
/// do anything; any other user may read and write data but not change schema (CREATE, ALTER, DROP, TRUNCATE are
/// answered Unauthorized 0x2100), the smallest permission model that still exercises the error.
/// </summary>
/// <param name="Name">The login name (case-sensitive, as Cassandra's role names in quotes).</param>
/// <param name="Password">The password, compared in constant time.</param>
/// <param name="Superuser">Whether the user may change schema.</param>
public sealed record NodeUser(string Name, string Password, bool Superuser = true)
{
    /// <summary>Parses <c>name:password</c> (the password may contain ':') into a superuser.</summary>
    public static bool TryParse(string text, out NodeUser? user)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        user = colon > 0 ? new NodeUser(text[..colon], text[(colon + 1)..]) : null;
        return user is not null;
    }

    /// <inheritdoc />
    public override string ToString() => $"NodeUser {{ Name = {Name}, Superuser = {Superuser} }}";
}
