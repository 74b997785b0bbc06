using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>AUTH_CHALLENGE (spec 4.2.7): a SASL [bytes] token, possibly null.</summary>
public sealed record AuthChallengeResponse(ReadOnlyMemory<byte>? Token) : IResponse
{
    /// <inheritdoc />
    public Opcode Opcode => Opcode.AuthChallenge;

    /// <summary>Reads the body of an AUTH_CHALLENGE.</summary>
    public static AuthChallengeResponse Read(ref CqlReader reader, byte version) => new(reader.ReadBytes());

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => writer.WriteBytes(Token);
}
