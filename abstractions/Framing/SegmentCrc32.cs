using System.Buffers;
using System.Buffers.Binary;

namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// The CRC32 trailer of v5 segments: the standard CRC-32 (IEEE, as java.util.zip.CRC32 and zlib), but seeded by
/// first feeding the 4 bytes <see cref="Prefix"/>. The v5 spec is silent about the seed; Cassandra's
/// <c>Crc.crc32()</c> does <c>crc.update(initialBytes)</c> with {0xFA, 0x2D, 0x55, 0xCA} and the Python driver
/// mirrors it (<c>zlib.crc32(struct.pack('&lt;I', 0xca552dfa))</c>). If that ever proves wrong, change
/// <see cref="Prefix"/> only. The value is written as 4 little-endian bytes.
/// </summary>
public static class SegmentCrc32
{
    /// <summary>Bytes fed to the CRC before the payload (Cassandra's Crc.initialBytes).</summary>
    public static ReadOnlySpan<byte> Prefix => [0xFA, 0x2D, 0x55, 0xCA];

    // Slice-by-8 tables: 8 KiB, built once. Payloads are up to 128 KiB so throughput matters here.
    private static readonly uint[] Table = BuildTable();

    /// <summary>The running value after <see cref="Prefix"/>, i.e. the seed for every payload.</summary>
    public static readonly uint Seed = Append(0, Prefix);

    /// <summary>The segment CRC of a payload.</summary>
    public static uint Compute(ReadOnlySpan<byte> payload) => Append(Seed, payload);

    /// <summary>The segment CRC of a payload held in a sequence.</summary>
    public static uint Compute(in ReadOnlySequence<byte> payload)
    {
        uint crc = Seed;
        foreach (var segment in payload) crc = Append(crc, segment.Span);
        return crc;
    }

    /// <summary>Continues a standard CRC-32 (zlib's <c>crc32(value, data)</c> convention): Append(0, data) is plain CRC-32.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        uint c = ~crc;
        while (data.Length >= 8)
        {
            uint one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            uint two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = t[0x700 + (one & 0xFF)] ^ t[0x600 + ((one >> 8) & 0xFF)] ^ t[0x500 + ((one >> 16) & 0xFF)] ^ t[0x400 + (one >> 24)]
              ^ t[0x300 + (two & 0xFF)] ^ t[0x200 + ((two >> 8) & 0xFF)] ^ t[0x100 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data[8..];
        }
        foreach (byte b in data) c = t[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        for (int i = 0; i < 256; i++)
        {
            for (int s = 1; s < 8; s++) t[(s * 256) + i] = (t[((s - 1) * 256) + i] >> 8) ^ t[t[((s - 1) * 256) + i] & 0xFF];
        }
        return t;
    }
}
