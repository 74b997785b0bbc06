using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>SUPPORTED (spec 4.2.4): a [string multimap] of STARTUP options and their allowed values.</summary>
public sealed record SupportedResponse(IReadOnlyDictionary<string, IReadOnlyList<string>> Options) : IResponse
{
    /// <inheritdoc />
    public Opcode Opcode => Opcode.Supported;

    /// <summary>Reads the body of a SUPPORTED.</summary>
    public static SupportedResponse Read(ref CqlReader reader, byte version)
    {
        int n = reader.ReadUShort();
        MessageWire.CheckRoom(ref reader, n, 4, "multimap entries");
        var map = new Dictionary<string, IReadOnlyList<string>>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string key = reader.ReadString();
            map[key] = MessageWire.ReadStringList(ref reader);
        }
        return new SupportedResponse(map);
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => MessageWire.WriteStringMultimap(ref writer, Options);
}
