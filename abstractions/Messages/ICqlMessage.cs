using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// A typed message body (spec section 4). Implementations are immutable; decoded instances may hold views
/// (<see cref="ReadOnlyMemory{T}"/>) into the frame they came from and are only valid while that frame is.
/// Every implementation also has a static <c>Read(ref CqlReader reader, byte version)</c>.
/// </summary>
public interface ICqlMessage
{
    /// <summary>The opcode this message travels under.</summary>
    Opcode Opcode { get; }

    /// <summary>Writes the message proper (without the envelope preamble) for protocol <paramref name="version"/>.</summary>
    /// <exception cref="CqlProtocolException">The message uses a feature <paramref name="version"/> cannot express.</exception>
    void Write(ref CqlWriter writer, byte version);
}
