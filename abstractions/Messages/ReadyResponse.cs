using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>READY (spec 4.2.2): an empty body.</summary>
public sealed record ReadyResponse : IResponse
{
    /// <summary>The single instance (the message has no content).</summary>
    public static ReadyResponse Instance { get; } = new();

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Ready;

    /// <summary>Reads the (empty) body.</summary>
    public static ReadyResponse Read(ref CqlReader reader, byte version) => Instance;

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
    }
}
