using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>OPTIONS (spec 4.1.3): an empty body asking for SUPPORTED.</summary>
public sealed record OptionsRequest : IRequest
{
    /// <summary>The single instance (the message has no content).</summary>
    public static OptionsRequest Instance { get; } = new();

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Options;

    /// <summary>Reads the (empty) body; extra bytes are ignored as the spec allows.</summary>
    public static OptionsRequest Read(ref CqlReader reader, byte version) => Instance;

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
    }
}
