using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>AUTH_RESPONSE (spec 4.1.2): a SASL [bytes] token, possibly null.</summary>
public sealed record AuthResponseRequest(ReadOnlyMemory<byte>? Token) : IRequest
{
    /// <inheritdoc />
    public Opcode Opcode => Opcode.AuthResponse;

    /// <summary>Reads the body of an AUTH_RESPONSE.</summary>
    public static AuthResponseRequest Read(ref CqlReader reader, byte version) => new(reader.ReadBytes());

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => writer.WriteBytes(Token);
}
