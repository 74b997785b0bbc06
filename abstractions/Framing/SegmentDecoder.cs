using System.Buffers;
using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// Reads v5 segments (spec v5 section 2) from the bytes a PipeReader has buffered. Stateless apart from the
/// format, so one instance serves one connection direction. Typical loop:
/// <code>
/// while (decoder.TryDecode(ref buffer, out var header, out var payload)) reassembler.Add(header.IsSelfContained, payload, envelopes);
/// reader.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// </summary>
public sealed class SegmentDecoder(bool lz4)
{
    /// <summary>True when segments use the LZ4 format (8-byte header) rather than the uncompressed one (6 bytes).</summary>
    public bool Lz4 { get; } = lz4;

    public int HeaderLength => SegmentHeader.HeaderLength(Lz4);

    /// <summary>
    /// Tries to take one whole segment off the front of <paramref name="buffer"/>. On success <paramref name="buffer"/>
    /// is advanced past it and <paramref name="payload"/> is the (decompressed) payload in a new pooled lease owned by
    /// the caller. Returns false, leaving <paramref name="buffer"/> unchanged, when more bytes are needed.
    /// </summary>
    /// <exception cref="SegmentCorruptException">Header CRC24 or payload CRC32 mismatch, or bad LZ4 data.</exception>
    public bool TryDecode(ref ReadOnlySequence<byte> buffer, out SegmentHeader header, out BufferLease payload)
    {
        payload = null!;
        header = default;
        int headerLength = HeaderLength;
        if (buffer.Length < headerLength) return false;

        // The header CRC is checked before waiting for the payload: a corrupt length could otherwise make us
        // wait forever for up to 128 KiB that never comes.
        Span<byte> headerBytes = stackalloc byte[SegmentHeader.Lz4HeaderLength];
        buffer.Slice(0, headerLength).CopyTo(headerBytes);
        header = SegmentHeader.Read(headerBytes, Lz4);
        // A 17-bit field cannot exceed the limit; the check guards against future format changes.
        if (header.PayloadLength > SegmentHeader.MaxPayloadLength || header.UncompressedLength > SegmentHeader.MaxPayloadLength)
            throw new SegmentCorruptException($"Segment payload length {header.PayloadLength} exceeds {SegmentHeader.MaxPayloadLength}");

        long total = (long)headerLength + header.PayloadLength + SegmentHeader.TrailerLength;
        if (buffer.Length < total) return false;

        var body = buffer.Slice(headerLength, header.PayloadLength);
        Span<byte> trailer = stackalloc byte[SegmentHeader.TrailerLength];
        buffer.Slice(headerLength + header.PayloadLength, SegmentHeader.TrailerLength).CopyTo(trailer);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint actual = SegmentCrc32.Compute(body);
        if (expected != actual)
            throw new SegmentCorruptException($"Segment payload CRC32 mismatch over {header.PayloadLength} bytes: trailer {expected:X8}, computed {actual:X8}");

        payload = header.UncompressedLength == 0 ? BufferLease.CopyOf(body) : Decompress(body, header.UncompressedLength);
        buffer = buffer.Slice(total);
        return true;
    }

    private static BufferLease Decompress(in ReadOnlySequence<byte> compressed, int uncompressedLength)
    {
        var lease = BufferLease.Rent(uncompressedLength);
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> source;
            if (compressed.IsSingleSegment)
            {
                source = compressed.FirstSpan;
            }
            else
            {
                // LZ4 needs contiguous input; only segments straddling pipe buffers pay for this copy.
                rented = ArrayPool<byte>.Shared.Rent((int)compressed.Length);
                compressed.CopyTo(rented);
                source = rented.AsSpan(0, (int)compressed.Length);
            }
            Lz4Block.Decompress(source, lease.Span, "LZ4 segment payload");
            return lease;
        }
        catch (CqlProtocolException ex) when (ex is not SegmentCorruptException)
        {
            lease.Dispose();
            throw new SegmentCorruptException(ex.Message);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
