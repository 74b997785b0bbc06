using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>AUTHENTICATE (spec 4.2.3): the [string] class name of the server's IAuthenticator.</summary>
public sealed record AuthenticateResponse(string Authenticator) : IResponse
{
    /// <summary>The authenticator name drivers expect for username/password authentication.</summary>
    public const string PasswordAuthenticator = "org.apache.cassandra.auth.PasswordAuthenticator";

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Authenticate;

    /// <summary>Reads the body of an AUTHENTICATE.</summary>
    public static AuthenticateResponse Read(ref CqlReader reader, byte version) => new(reader.ReadString());

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => writer.WriteString(Authenticator);
}
