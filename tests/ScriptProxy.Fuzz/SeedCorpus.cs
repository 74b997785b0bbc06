using System.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Tests.Messages;

namespace ScriptProxy.Fuzz;

/// <summary>
/// Valid inputs the mutator starts from: envelopes encoded with <see cref="FrameEncoder"/> from real message
/// models for every message kind and protocol version (with and without a preamble), v3/v4 bodies compressed
/// with lz4 and snappy, and v5 segment streams (plain and LZ4, self-contained and split into parts).
/// </summary>
public sealed class SeedCorpus
{
    private static readonly byte[] Versions = [3, 4, 5];

    private SeedCorpus(List<byte[]> envelopes, List<byte[]> compressed, List<(byte[] Bytes, bool Lz4)> segments)
    {
        Envelopes = envelopes;
        CompressedEnvelopes = compressed;
        Segments = segments;
    }

    /// <summary>Whole uncompressed envelopes (header + body), requests and responses.</summary>
    public IReadOnlyList<byte[]> Envelopes { get; }

    /// <summary>v3/v4 envelopes whose body is compressed; the compression flag is set. Index i uses <see cref="CompressorOf"/>.</summary>
    public IReadOnlyList<byte[]> CompressedEnvelopes { get; }

    /// <summary>v5 segment streams: one or more whole segments each, with the format they use.</summary>
    public IReadOnlyList<(byte[] Bytes, bool Lz4)> Segments { get; }

    /// <summary>The compressor used for <see cref="CompressedEnvelopes"/>[i].</summary>
    public static IBodyCompressor CompressorOf(int index) => index % 2 == 0 ? Lz4BodyCompressor.Instance : SnappyBodyCompressor.Instance;

    /// <param name="seed">Generator seed.</param>
    /// <param name="perKind">Messages generated per kind and version.</param>
    public static SeedCorpus Build(int seed, int perKind = 4)
    {
        var envelopes = new List<byte[]>();
        foreach (byte version in Versions)
        {
            var generator = new MessageGenerator(seed + version, version);
            foreach (string kind in MessageGenerator.Kinds)
            {
                for (int i = 0; i < perKind; i++)
                {
                    var message = generator.Next(kind);
                    bool response = message is IResponse;
                    var envelope = i % 2 == 0 ? MessageEnvelope.Empty : generator.Envelope(response, message.Opcode);
                    if (TryEncode(version, response, (short)(i + 1), message, envelope) is { } bytes) envelopes.Add(bytes);
                }
            }
        }

        var compressed = new List<byte[]>();
        foreach (var e in envelopes)
        {
            if (e[0] is not (3 or 4 or 0x83 or 0x84)) continue;
            var compressor = CompressorOf(compressed.Count);
            var writer = new ArrayBufferWriter<byte>();
            writer.Write(new byte[FrameHeader.Size]);
            int n = compressor.Compress(e.AsSpan(FrameHeader.Size), writer);
            var bytes = writer.WrittenSpan.ToArray();
            var header = FrameHeader.Read(e);
            header.WithFlags(header.Flags | FrameFlags.Compression).WithBodyLength(n).Write(bytes);
            compressed.Add(bytes);
        }

        var segments = new List<(byte[], bool)>();
        var v5 = envelopes.Where(e => (e[0] & 0x7F) == 5).ToList();
        var random = new Random(seed);
        for (int i = 0; i < v5.Count; i++)
        {
            bool lz4 = i % 2 == 0;
            // Mostly one or a few envelopes per self-contained segment; sometimes a tiny segment limit splits
            // an envelope into non-self-contained parts.
            int take = 1 + random.Next(3);
            int maxPayload = random.Next(4) == 0 ? 16 + random.Next(64) : SegmentHeader.MaxPayloadLength;
            var writer = new ArrayBufferWriter<byte>();
            using var encoder = new SegmentEncoder(lz4, maxPayload);
            for (int j = 0; j < take; j++) encoder.Add(v5[(i + j) % v5.Count], writer);
            encoder.Flush(writer);
            segments.Add((writer.WrittenSpan.ToArray(), lz4));
        }
        return new SeedCorpus(envelopes, compressed, segments);
    }

    /// <summary>A few generated messages cannot be written in every version (e.g. a v5-only error code); those are skipped.</summary>
    private static byte[]? TryEncode(byte version, bool response, short stream, ICqlMessage message, MessageEnvelope envelope)
    {
        try
        {
            var writer = new ArrayBufferWriter<byte>();
            FrameEncoder.Write(writer, version, response, FrameFlags.None, stream, message, envelope);
            return writer.WrittenSpan.ToArray();
        }
        catch (Exception e) when (e is Abstractions.Wire.CqlProtocolException or ArgumentException)
        {
            return null;
        }
    }
}
