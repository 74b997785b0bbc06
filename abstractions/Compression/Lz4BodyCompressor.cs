using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Compression;

/// <summary>
/// "lz4" for v3/v4 bodies: per spec v4 section 5 the body is a 4-byte <b>big-endian</b> uncompressed length
/// followed by one raw LZ4 block (not the LZ4 frame format).
/// </summary>
public sealed class Lz4BodyCompressor : IBodyCompressor
{
    /// <summary>The most an LZ4 block can expand: one byte of match length stands for 255 output bytes.</summary>
    internal const int MaxExpansion = 255;

    public static Lz4BodyCompressor Instance { get; } = new();

    public string Name => "lz4";

    public int MaxCompressedLength(int length) => 4 + LZ4Codec.MaximumOutputSize(length);

    public int Compress(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(MaxCompressedLength(body.Length));
        BinaryPrimitives.WriteInt32BigEndian(span, body.Length);
        int n = Lz4Block.Compress(body, span[4..]);
        output.Advance(4 + n);
        return 4 + n;
    }

    public BufferLease Decompress(ReadOnlySpan<byte> compressed, int maxDecompressedLength)
    {
        if (compressed.Length < 4) throw new CqlProtocolException($"lz4 body of {compressed.Length} bytes is too short for its 4-byte length prefix");
        int length = BinaryPrimitives.ReadInt32BigEndian(compressed);
        if (length < 0 || length > maxDecompressedLength)
            throw new CqlProtocolException($"lz4 body declares an uncompressed length of {length} bytes, above the limit of {maxDecompressedLength}");
        // An LZ4 block expands at most 255 times (each extra match-length byte adds 255 bytes); a larger claim is
        // a lie, and believing it would rent a buffer sized by the claim rather than by the bytes received.
        if (length > MaxExpansion * (long)(compressed.Length - 4) + 16)
            throw new CqlProtocolException($"Corrupt lz4 body: {compressed.Length - 4} compressed bytes cannot hold the declared {length} bytes");
        var lease = BufferLease.Rent(length);
        try
        {
            Lz4Block.Decompress(compressed[4..], lease.Span, "lz4 body");
            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }
}
