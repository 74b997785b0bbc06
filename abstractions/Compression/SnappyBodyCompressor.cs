using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Wire;
using Snappier;

namespace ScriptProxy.Abstractions.Compression;

/// <summary>"snappy" for v3/v4 bodies: one raw snappy block (its own varint length header, no framing format).</summary>
public sealed class SnappyBodyCompressor : IBodyCompressor
{
    /// <summary>An upper bound of snappy's expansion: a 3-byte copy element yields at most 64 bytes.</summary>
    internal const int MaxExpansion = 22;

    public static SnappyBodyCompressor Instance { get; } = new();

    public string Name => "snappy";

    public int MaxCompressedLength(int length) => Snappy.GetMaxCompressedLength(length);

    public int Compress(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(MaxCompressedLength(body.Length));
        int n = Snappy.Compress(body, span);
        output.Advance(n);
        return n;
    }

    public BufferLease Decompress(ReadOnlySpan<byte> compressed, int maxDecompressedLength)
    {
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(compressed);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            throw new CqlProtocolException($"Corrupt snappy body: {ex.Message}");
        }
        if (length < 0 || length > maxDecompressedLength)
            throw new CqlProtocolException($"snappy body declares an uncompressed length of {length} bytes, above the limit of {maxDecompressedLength}");
        // A snappy copy element of 3 bytes yields at most 64 bytes; a larger claim is a lie, and believing it
        // would rent a buffer sized by the claim rather than by the bytes received.
        if (length > MaxExpansion * (long)compressed.Length)
            throw new CqlProtocolException($"Corrupt snappy body: {compressed.Length} compressed bytes cannot hold the declared {length} bytes");
        var lease = BufferLease.Rent(length);
        try
        {
            int n = Snappy.Decompress(compressed, lease.Span);
            if (n != length) throw new CqlProtocolException($"Corrupt snappy body: decoded {n} bytes, {length} declared");
            return lease;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            lease.Dispose();
            throw new CqlProtocolException($"Corrupt snappy body: {ex.Message}");
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }
}
