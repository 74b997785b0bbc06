using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// A v5 segment failed an integrity check (header CRC24, payload CRC32, length, LZ4 data or envelope layout).
/// The connection cannot resynchronise after this: the caller should close it.
/// </summary>
public sealed class SegmentCorruptException(string message) : CqlProtocolException(message);
