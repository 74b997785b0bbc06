using System.Buffers.Binary;

namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// The header of a v5 segment (a "frame" in spec v5 section 2; "segment" here to avoid clashing with CQL envelopes).
/// Uncompressed format: 3 little-endian bytes = payload length (17 bits) | self-contained (bit 17), then CRC24.
/// LZ4 format: 5 little-endian bytes = compressed length (17 bits) | uncompressed length (17 bits, 0 = stored
/// as-is) | self-contained (bit 34), then CRC24. The CRC24 covers those 3 or 5 bytes and is 3 little-endian bytes.
/// </summary>
/// <param name="PayloadLength">Bytes of payload on the wire (the compressed length for LZ4).</param>
/// <param name="UncompressedLength">LZ4 only: the decompressed length, or 0 when the payload is stored uncompressed.</param>
/// <param name="IsSelfContained">True when the payload holds one or more complete envelopes.</param>
public readonly record struct SegmentHeader(int PayloadLength, int UncompressedLength, bool IsSelfContained)
{
    /// <summary>The largest payload a 17-bit length can describe: 128 KiB - 1.</summary>
    public const int MaxPayloadLength = (1 << 17) - 1;

    public const int UncompressedHeaderLength = 6;
    public const int Lz4HeaderLength = 8;

    /// <summary>The CRC32 after the payload.</summary>
    public const int TrailerLength = 4;

    public static int HeaderLength(bool lz4) => lz4 ? Lz4HeaderLength : UncompressedHeaderLength;

    /// <summary>The payload length after decompression.</summary>
    public int DecodedLength => UncompressedLength == 0 ? PayloadLength : UncompressedLength;

    /// <summary>Writes the header (with its CRC24) into <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination, bool lz4)
    {
        if ((uint)PayloadLength > MaxPayloadLength) throw new ArgumentOutOfRangeException(nameof(PayloadLength), PayloadLength, "Segment payload exceeds 128 KiB - 1");
        if ((uint)UncompressedLength > MaxPayloadLength) throw new ArgumentOutOfRangeException(nameof(UncompressedLength), UncompressedLength, "Segment payload exceeds 128 KiB - 1");
        if (!lz4 && UncompressedLength != 0) throw new ArgumentException("Uncompressed segments have no uncompressed length", nameof(lz4));
        ulong bits = (ulong)PayloadLength;
        int n = 3;
        if (lz4)
        {
            bits |= (ulong)UncompressedLength << 17;
            if (IsSelfContained) bits |= 1UL << 34;
            n = 5;
        }
        else if (IsSelfContained)
        {
            bits |= 1UL << 17;
        }
        Span<byte> raw = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(raw, bits);
        int crc = SegmentCrc24.Compute(raw[..n]);
        raw[n] = (byte)crc;
        raw[n + 1] = (byte)(crc >> 8);
        raw[n + 2] = (byte)(crc >> 16);
        raw[..(n + 3)].CopyTo(destination);
    }

    /// <summary>Parses and CRC-checks a header from its first <see cref="HeaderLength"/> bytes.</summary>
    /// <exception cref="SegmentCorruptException">The CRC24 does not match.</exception>
    public static SegmentHeader Read(ReadOnlySpan<byte> source, bool lz4)
    {
        int n = lz4 ? 5 : 3;
        if (source.Length < n + 3) throw new ArgumentException($"A segment header needs {n + 3} bytes", nameof(source));
        int expected = SegmentCrc24.Compute(source[..n]);
        int actual = source[n] | (source[n + 1] << 8) | (source[n + 2] << 16);
        if (expected != actual)
            throw new SegmentCorruptException($"Segment header CRC24 mismatch: header {Convert.ToHexString(source[..n])} has CRC {actual:X6}, computed {expected:X6}");
        ulong bits = 0;
        for (int i = n - 1; i >= 0; i--) bits = (bits << 8) | source[i];
        int payloadLength = (int)(bits & 0x1FFFF);
        if (!lz4) return new SegmentHeader(payloadLength, 0, (bits & (1UL << 17)) != 0);
        return new SegmentHeader(payloadLength, (int)((bits >> 17) & 0x1FFFF), (bits & (1UL << 34)) != 0);
    }
}
