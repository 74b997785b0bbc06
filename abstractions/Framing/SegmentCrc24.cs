namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// The CRC24 protecting v5 segment headers (spec v5 section 2.1): initial value 0x875060, polynomial 0x1974F0B,
/// MSB-first within each byte, bytes fed in wire order (the little-endian header integer, least significant
/// byte first), as Cassandra's <c>Crc.crc24(long bytes, int len)</c> computes it. The result is written as
/// 3 little-endian bytes after the header.
/// </summary>
public static class SegmentCrc24
{
    public const int Initial = 0x875060;
    public const int Polynomial = 0x1974F0B;

    /// <summary>CRC24 of <paramref name="bytes"/> (3 or 5 header bytes). A header is at most 5 bytes, so a bitwise loop is plenty.</summary>
    public static int Compute(ReadOnlySpan<byte> bytes) => Compute(bytes, Initial, Polynomial);

    /// <summary>The same algorithm with other parameters; exposed to check it against published CRC-24 vectors.</summary>
    internal static int Compute(ReadOnlySpan<byte> bytes, int initial, int polynomial)
    {
        int crc = initial;
        foreach (byte b in bytes)
        {
            crc ^= b << 16;
            for (int i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) crc ^= polynomial;
            }
        }
        return crc & 0xFFFFFF;
    }
}
