using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Compression;

/// <summary>Maps the STARTUP COMPRESSION option to a body compressor (protocol v3/v4).</summary>
public static class BodyCompression
{
    /// <summary>
    /// Default ceiling for a decompressed body: Cassandra's historical native_transport_max_frame_size (256 MiB).
    /// Callers with a tighter frame limit should pass that instead.
    /// </summary>
    public const int DefaultMaxDecompressedLength = 256 * 1024 * 1024;

    /// <summary>The option values we accept, as advertised in SUPPORTED.</summary>
    public static IReadOnlyList<string> SupportedNames { get; } = ["lz4", "snappy"];

    /// <summary>
    /// Returns the compressor for a STARTUP COMPRESSION value (case-insensitive), or null for no compression
    /// (null, empty or "none"). An unknown name is a protocol error, as Cassandra answers it.
    /// </summary>
    public static IBodyCompressor? Create(string? startupCompressionOption)
    {
        if (string.IsNullOrEmpty(startupCompressionOption) || startupCompressionOption.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (startupCompressionOption.Equals("lz4", StringComparison.OrdinalIgnoreCase)) return Lz4BodyCompressor.Instance;
        if (startupCompressionOption.Equals("snappy", StringComparison.OrdinalIgnoreCase)) return SnappyBodyCompressor.Instance;
        throw new CqlProtocolException($"Unknown compression algorithm '{startupCompressionOption}'; supported: lz4, snappy");
    }
}
