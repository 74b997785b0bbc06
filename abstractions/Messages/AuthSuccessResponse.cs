using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>AUTH_SUCCESS (spec 4.2.8): a final SASL [bytes] token, possibly null.</summary>
public sealed record AuthSuccessResponse(ReadOnlyMemory<byte>? Token) : IResponse
{
    /// <inheritdoc />
    public Opcode Opcode => Opcode.AuthSuccess;

    /// <summary>Reads the body of an AUTH_SUCCESS.</summary>
    public static AuthSuccessResponse Read(ref CqlReader reader, byte version) => new(reader.ReadBytes());

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => writer.WriteBytes(Token);
}
