using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Compression;

/// <summary>
/// Compresses and decompresses protocol v3/v4 envelope bodies (spec v4 section 5), negotiated by the STARTUP
/// COMPRESSION option. Only the body is compressed, never the 9-byte header. Implementations are stateless
/// and thread-safe.
/// </summary>
public interface IBodyCompressor
{
    /// <summary>The STARTUP COMPRESSION option value ("lz4", "snappy").</summary>
    string Name { get; }

    /// <summary>An upper bound of the compressed size of a body of <paramref name="length"/> bytes.</summary>
    int MaxCompressedLength(int length);

    /// <summary>Appends the compressed form of <paramref name="body"/> to <paramref name="output"/>; returns the bytes written.</summary>
    int Compress(ReadOnlySpan<byte> body, IBufferWriter<byte> output);

    /// <summary>
    /// Decompresses a body into a new pooled lease owned by the caller.
    /// </summary>
    /// <param name="compressed">The compressed body as received.</param>
    /// <param name="maxDecompressedLength">The largest uncompressed body accepted; a larger declared length is rejected
    /// before anything is allocated, so a hostile frame cannot make us allocate gigabytes.</param>
    /// <exception cref="CqlProtocolException">The input is corrupt or declares more than <paramref name="maxDecompressedLength"/> bytes.</exception>
    BufferLease Decompress(ReadOnlySpan<byte> compressed, int maxDecompressedLength);
}
