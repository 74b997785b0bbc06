using System.Buffers.Binary;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;

namespace ScriptProxy.Fuzz;

/// <summary>
/// Structure-aware mutations of CQL envelopes and v5 segment streams: bit flips, interesting bytes, length
/// lies (big-endian [short]/[int] overwritten with boundary values), truncation, extension, random opcodes,
/// flags (including compression without negotiation) and versions, splices, and for segments bad CRCs or
/// mutated payloads with recomputed CRCs so the mutation reaches the envelope decoder.
/// </summary>
public sealed class Mutator(Random random)
{
    private static readonly int[] InterestingInts =
    [
        0, 1, 2, 4, 8, -1, -2, -3, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x1FFFF, 0x20000,
        0x00FFFFFF, 0x01000000, 0x0FFFFFFF, 0x10000000, 0x7FFFFFF0, int.MaxValue, int.MinValue, -0x10000,
    ];

    private static readonly byte[] InterestingBytes = [0, 1, 0x7F, 0x80, 0xFF, 0xFE, 0x40, 0x20, 0x10];

    public Random Random => random;

    /// <summary>Mutates a copy of a whole envelope. With <paramref name="keepFraming"/> the header's body length is
    /// made to match the bytes (so the body mutation reaches the body decoder); otherwise it may lie too.</summary>
    public byte[] MutateEnvelope(byte[] seed, IReadOnlyList<byte[]> others, bool keepFraming)
    {
        var bytes = new List<byte>(seed);
        int count = 1 + random.Next(4);
        for (int i = 0; i < count; i++) Apply(bytes, others, headerAware: true);
        var result = bytes.ToArray();
        if (keepFraming && result.Length >= FrameHeader.Size)
            BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(5), result.Length - FrameHeader.Size);
        return result;
    }

    /// <summary>Mutates the raw bytes of a value, an [option] or any other blob.</summary>
    public byte[] MutateBytes(byte[] seed, int mutations = 0)
    {
        var bytes = new List<byte>(seed);
        int count = mutations > 0 ? mutations : 1 + random.Next(3);
        for (int i = 0; i < count; i++) Apply(bytes, [], headerAware: false);
        return bytes.ToArray();
    }

    /// <summary>
    /// Mutates a v5 segment stream. Half the time the first segment's CRCs are recomputed after mutating its
    /// payload, so the damage is seen by the reassembler and envelope decoder instead of the CRC check.
    /// </summary>
    public byte[] MutateSegments(byte[] seed, bool lz4)
    {
        int headerLength = SegmentHeader.HeaderLength(lz4);
        switch (random.Next(6))
        {
            case 0:
                // Bad CRC or header: flip anything.
                return MutateBytes(seed);
            case 1:
            {
                // Lie about the payload length / flags in a header with a valid CRC24.
                var copy = (byte[])seed.Clone();
                ulong bits = 0;
                int n = lz4 ? 5 : 3;
                for (int i = n - 1; i >= 0; i--) bits = (bits << 8) | copy[i];
                bits ^= 1UL << random.Next(n * 8);
                for (int i = 0; i < n; i++) copy[i] = (byte)(bits >> (8 * i));
                FixHeaderCrc(copy, lz4);
                return copy;
            }
            default:
            {
                var header = SegmentHeader.Read(seed, lz4);
                if (header.UncompressedLength != 0)
                {
                    // An LZ4 payload: mutate the compressed bytes and fix the CRC32 (the LZ4 decoder must cope).
                    var copy = (byte[])seed.Clone();
                    var payload = copy.AsSpan(headerLength, header.PayloadLength);
                    if (payload.Length > 0) payload[random.Next(payload.Length)] ^= (byte)(1 << random.Next(8));
                    FixPayloadCrc(copy, headerLength, header.PayloadLength);
                    return copy;
                }
                // A stored payload: mutate its envelopes structurally, then re-frame with valid CRCs.
                var envelopes = seed.AsSpan(headerLength, header.PayloadLength).ToArray();
                var mutated = MutateEnvelope(envelopes, [], keepFraming: random.Next(2) == 0);
                if (mutated.Length == 0 || mutated.Length > SegmentHeader.MaxPayloadLength) return MutateBytes(seed);
                var output = new System.Buffers.ArrayBufferWriter<byte>();
                using var encoder = new SegmentEncoder(lz4);
                encoder.WriteSegment(mutated, header.IsSelfContained ^ (random.Next(8) == 0), output);
                var rest = seed.AsSpan(headerLength + header.PayloadLength + SegmentHeader.TrailerLength);
                return [.. output.WrittenSpan, .. rest];
            }
        }
    }

    private void Apply(List<byte> bytes, IReadOnlyList<byte[]> others, bool headerAware)
    {
        int op = random.Next(headerAware ? 14 : 9);
        switch (op)
        {
            case 0 when bytes.Count > 0:
                bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[random.Next(bytes.Count)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 2 or 3 when bytes.Count >= 4:
            {
                // A length lie: an [int] at any offset (most lengths in the spec are [int] or [short]).
                int at = random.Next(bytes.Count - 3);
                int value = Interesting(bytes.Count - at);
                for (int i = 0; i < 4; i++) bytes[at + i] = (byte)(value >> (24 - 8 * i));
                break;
            }
            case 4 when bytes.Count >= 2:
            {
                int at = random.Next(bytes.Count - 1);
                int value = Interesting(bytes.Count - at);
                bytes[at] = (byte)(value >> 8);
                bytes[at + 1] = (byte)value;
                break;
            }
            case 5 when bytes.Count > 0:
            {
                int start = random.Next(bytes.Count);
                bytes.RemoveRange(start, 1 + random.Next(Math.Min(64, bytes.Count - start)));
                break;
            }
            case 6:
            {
                int keep = random.Next(bytes.Count + 1);
                bytes.RemoveRange(keep, bytes.Count - keep);
                break;
            }
            case 7:
            {
                var extra = new byte[1 + random.Next(32)];
                random.NextBytes(extra);
                bytes.InsertRange(random.Next(bytes.Count + 1), extra);
                break;
            }
            case 8 when bytes.Count > 1:
            {
                // Duplicate a range (repeats elements, e.g. collection items, with a count that no longer matches).
                int start = random.Next(bytes.Count);
                int length = Math.Min(1 + random.Next(64), bytes.Count - start);
                bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(start, length));
                break;
            }
            case 9 when bytes.Count >= FrameHeader.Size:
                bytes[4] = (byte)(random.Next(3) == 0 ? random.Next(256) : random.Next(0x11));
                break;
            case 10 when bytes.Count >= FrameHeader.Size:
                // Random flags, often just the compression bit without negotiation.
                bytes[1] = random.Next(2) == 0 ? (byte)(bytes[1] | 0x01) : (byte)random.Next(256);
                break;
            case 11 when bytes.Count >= FrameHeader.Size:
                bytes[0] = (byte)((bytes[0] & 0x80) | Pick([1, 2, 3, 4, 5, 6, 0x41, 0x42, 0x7F]) ^ (random.Next(8) == 0 ? 0x80 : 0));
                break;
            case 12 when bytes.Count >= FrameHeader.Size:
            {
                int value = Interesting(bytes.Count - FrameHeader.Size);
                for (int i = 0; i < 4; i++) bytes[5 + i] = (byte)(value >> (24 - 8 * i));
                break;
            }
            case 13 when others.Count > 0 && bytes.Count > FrameHeader.Size:
            {
                // Splice: keep this header, take part of another body.
                var other = others[random.Next(others.Count)];
                if (other.Length <= FrameHeader.Size) break;
                int from = FrameHeader.Size + random.Next(other.Length - FrameHeader.Size);
                int cut = FrameHeader.Size + random.Next(bytes.Count - FrameHeader.Size);
                bytes.RemoveRange(cut, bytes.Count - cut);
                bytes.AddRange(other.AsSpan(from).ToArray());
                break;
            }
        }
    }

    /// <summary>A boundary value, or one relative to the bytes that really remain.</summary>
    private int Interesting(int remaining) => random.Next(4) switch
    {
        0 => remaining + random.Next(-2, 3),
        _ => InterestingInts[random.Next(InterestingInts.Length)],
    };

    private int Pick(int[] values) => values[random.Next(values.Length)];

    internal static void FixHeaderCrc(byte[] segment, bool lz4)
    {
        int n = lz4 ? 5 : 3;
        int crc = SegmentCrc24.Compute(segment.AsSpan(0, n));
        segment[n] = (byte)crc;
        segment[n + 1] = (byte)(crc >> 8);
        segment[n + 2] = (byte)(crc >> 16);
    }

    private static void FixPayloadCrc(byte[] segment, int headerLength, int payloadLength) =>
        BinaryPrimitives.WriteUInt32LittleEndian(segment.AsSpan(headerLength + payloadLength), SegmentCrc32.Compute(segment.AsSpan(headerLength, payloadLength)));
}
