using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>STARTUP (spec 4.1.1): a [string map] of options such as CQL_VERSION and COMPRESSION.</summary>
public sealed record StartupRequest(IReadOnlyDictionary<string, string> Options) : IRequest
{
    /// <summary>The mandatory CQL_VERSION option key.</summary>
    public const string CqlVersionKey = "CQL_VERSION";

    /// <summary>The optional COMPRESSION option key ("lz4" or "snappy").</summary>
    public const string CompressionKey = "COMPRESSION";

    /// <summary>The value of COMPRESSION, or null when the client asked for none.</summary>
    public string? Compression => Options.TryGetValue(CompressionKey, out var c) ? c : null;

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Startup;

    /// <summary>Reads the body of a STARTUP.</summary>
    public static StartupRequest Read(ref CqlReader reader, byte version) => new(reader.ReadStringMap());

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version) => writer.WriteStringMap(Options);
}
