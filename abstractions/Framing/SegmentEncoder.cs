using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using ScriptProxy.Abstractions.Compression;

namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// Packs CQL envelopes into v5 segments (spec v5 section 2). Small envelopes accumulate into one self-contained
/// segment of up to <see cref="MaxPayloadLength"/> bytes, written on <see cref="Flush"/> or when the next envelope
/// does not fit; an envelope larger than a segment is split into consecutive non-self-contained segments.
/// With LZ4, a payload is compressed only when that makes it smaller; otherwise it goes out stored
/// (uncompressed length 0). Not thread-safe: one per connection direction.
/// </summary>
public sealed class SegmentEncoder : IDisposable
{
    private byte[]? _pending;
    private int _pendingLength;

    /// <param name="lz4">Use the LZ4 segment format (negotiated by STARTUP COMPRESSION=lz4).</param>
    /// <param name="maxPayloadLength">Payload limit per segment; lower only to test splitting.</param>
    public SegmentEncoder(bool lz4, int maxPayloadLength = SegmentHeader.MaxPayloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadLength, SegmentHeader.MaxPayloadLength);
        Lz4 = lz4;
        MaxPayloadLength = maxPayloadLength;
    }

    public bool Lz4 { get; }

    public int MaxPayloadLength { get; }

    /// <summary>Bytes of envelopes waiting for <see cref="Flush"/>.</summary>
    public int PendingLength => _pendingLength;

    /// <summary>
    /// Adds one whole envelope (9-byte header + body). Segments that become complete are written to
    /// <paramref name="output"/>; a trailing partial self-contained segment waits for <see cref="Flush"/>.
    /// </summary>
    public void Add(ReadOnlySpan<byte> envelope, IBufferWriter<byte> output)
    {
        if (envelope.IsEmpty) throw new ArgumentException("An envelope cannot be empty", nameof(envelope));
        if (envelope.Length > MaxPayloadLength)
        {
            // Keep envelope order: whatever is pending goes out first.
            Flush(output);
            for (int offset = 0; offset < envelope.Length; offset += MaxPayloadLength)
            {
                WriteSegment(envelope.Slice(offset, Math.Min(MaxPayloadLength, envelope.Length - offset)), isSelfContained: false, output);
            }
            return;
        }
        if (_pendingLength + envelope.Length > MaxPayloadLength) Flush(output);
        _pending ??= ArrayPool<byte>.Shared.Rent(MaxPayloadLength);
        envelope.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += envelope.Length;
    }

    /// <summary>Writes the pending envelopes, if any, as one self-contained segment.</summary>
    public void Flush(IBufferWriter<byte> output)
    {
        if (_pendingLength == 0) return;
        WriteSegment(_pending.AsSpan(0, _pendingLength), isSelfContained: true, output);
        _pendingLength = 0;
    }

    /// <summary>Writes one segment: header, payload (compressed when that helps), CRC32 trailer.</summary>
    public void WriteSegment(ReadOnlySpan<byte> payload, bool isSelfContained, IBufferWriter<byte> output)
    {
        if (payload.Length > MaxPayloadLength) throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"Segment payload exceeds {MaxPayloadLength} bytes");
        int headerLength = SegmentHeader.HeaderLength(Lz4);
        if (!Lz4)
        {
            WriteRaw(output, new SegmentHeader(payload.Length, 0, isSelfContained), payload, headerLength);
            return;
        }
        byte[] scratch = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(payload.Length) + 1);
        try
        {
            int compressed = payload.IsEmpty ? int.MaxValue : Lz4Block.Compress(payload, scratch);
            if (compressed < payload.Length)
                WriteRaw(output, new SegmentHeader(compressed, payload.Length, isSelfContained), scratch.AsSpan(0, compressed), headerLength);
            else
                WriteRaw(output, new SegmentHeader(payload.Length, 0, isSelfContained), payload, headerLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void WriteRaw(IBufferWriter<byte> output, SegmentHeader header, ReadOnlySpan<byte> bytes, int headerLength)
    {
        int total = headerLength + bytes.Length + SegmentHeader.TrailerLength;
        var span = output.GetSpan(total);
        header.Write(span, Lz4);
        bytes.CopyTo(span[headerLength..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(headerLength + bytes.Length)..], SegmentCrc32.Compute(bytes));
        output.Advance(total);
    }

    public void Dispose()
    {
        var p = _pending;
        _pending = null;
        _pendingLength = 0;
        if (p is not null) ArrayPool<byte>.Shared.Return(p);
    }
}
