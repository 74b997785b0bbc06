using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// REGISTER (spec 4.1.8): a [string list] of event types (see <see cref="EventTypes"/>).
/// Names are not validated here so that the server decides how to answer unknown ones.
/// </summary>
public sealed record RegisterRequest(IReadOnlyList<string> EventTypes) : IRequest
{
    /// <inheritdoc />
    public Opcode Opcode => Opcode.Register;

    /// <summary>Reads the body of a REGISTER.</summary>
    public static RegisterRequest Read(ref CqlReader reader, byte version) => new(MessageWire.ReadStringList(ref reader));

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => MessageWire.WriteStringList(ref writer, EventTypes);
}
