using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Abstractions.Framing;

/// <summary>
/// Turns segment payloads back into CQL envelopes (9-byte header + body), each in its own pooled lease.
/// A self-contained segment holds one or more whole envelopes; a large envelope arrives as consecutive
/// non-self-contained segments, the first starting with its header (spec v5 section 2). Not thread-safe:
/// one per connection direction. Dispose releases a partially assembled envelope.
/// </summary>
public sealed class SegmentReassembler(int maxEnvelopeLength = SegmentReassembler.DefaultMaxEnvelopeLength) : IDisposable
{
    /// <summary>Largest envelope assembled from non-self-contained segments (Cassandra's historical 256 MiB frame limit).</summary>
    public const int DefaultMaxEnvelopeLength = 256 * 1024 * 1024;

    // First buffer for a large envelope; it doubles as parts arrive.
    private const int MinLargeCapacity = 4096;

    private readonly byte[] _pendingHeader = new byte[FrameHeader.Size];
    private int _pendingHeaderLength;
    private BufferLease? _large;
    private int _largeLength;
    private int _largeFilled;

    /// <summary>True while a large envelope is partly received.</summary>
    public bool InProgress => _pendingHeaderLength > 0 || _large is not null;

    /// <summary>
    /// Consumes one segment payload (taking ownership of <paramref name="payload"/>) and appends every envelope it
    /// completes to <paramref name="envelopes"/>; the caller owns those leases.
    /// </summary>
    /// <exception cref="SegmentCorruptException">The payload does not split into whole envelopes as its flag says.</exception>
    public void Add(bool isSelfContained, BufferLease payload, ICollection<BufferLease> envelopes)
    {
        bool handedOn = false;
        try
        {
            if (isSelfContained) handedOn = AddSelfContained(payload, envelopes);
            else AddPart(payload.Span, envelopes);
        }
        finally
        {
            if (!handedOn) payload.Dispose();
        }
    }

    /// <summary>Returns true when <paramref name="payload"/> itself was handed on as the single envelope.</summary>
    private bool AddSelfContained(BufferLease payload, ICollection<BufferLease> envelopes)
    {
        if (InProgress) throw new SegmentCorruptException("Self-contained segment received while a large envelope was still incomplete");
        var span = payload.Span;
        if (span.IsEmpty) throw new SegmentCorruptException("Empty self-contained segment");
        // Common case: exactly one envelope. Hand the payload lease on as-is instead of copying.
        if (span.Length >= FrameHeader.Size && EnvelopeLength(span) == span.Length)
        {
            envelopes.Add(payload);
            return true;
        }
        int pos = 0;
        while (pos < span.Length)
        {
            var rest = span[pos..];
            if (rest.Length < FrameHeader.Size) throw new SegmentCorruptException($"Self-contained segment ends with {rest.Length} bytes, too few for an envelope header");
            long length = EnvelopeLength(rest);
            if (length > rest.Length) throw new SegmentCorruptException($"Self-contained segment holds a partial envelope: {length} bytes declared, {rest.Length} present");
            envelopes.Add(BufferLease.CopyOf(rest[..(int)length]));
            pos += (int)length;
        }
        return false;
    }

    private void AddPart(ReadOnlySpan<byte> part, ICollection<BufferLease> envelopes)
    {
        if (part.IsEmpty) throw new SegmentCorruptException("Empty non-self-contained segment");
        if (_large is null)
        {
            // Collect the envelope header first (normally all in the first segment) to learn the total size.
            int take = Math.Min(FrameHeader.Size - _pendingHeaderLength, part.Length);
            part[..take].CopyTo(_pendingHeader.AsSpan(_pendingHeaderLength));
            _pendingHeaderLength += take;
            part = part[take..];
            if (_pendingHeaderLength < FrameHeader.Size) return;
            long length = EnvelopeLength(_pendingHeader);
            if (length > maxEnvelopeLength) throw new SegmentCorruptException($"Envelope of {length} bytes exceeds the limit of {maxEnvelopeLength}");
            // The buffer grows with the parts that really arrive: a header that lies about a 256 MiB body
            // must not make us rent 256 MiB up front.
            _largeLength = (int)length;
            _large = BufferLease.Rent((int)Math.Min(length, Math.Max(FrameHeader.Size + part.Length, MinLargeCapacity)));
            _pendingHeader.CopyTo(_large.Span);
            _largeFilled = FrameHeader.Size;
            _pendingHeaderLength = 0;
        }
        int remaining = _largeLength - _largeFilled;
        if (part.Length > remaining)
            throw new SegmentCorruptException($"Non-self-contained segment carries {part.Length - remaining} bytes beyond the end of its envelope");
        EnsureCapacity(_largeFilled + part.Length);
        part.CopyTo(_large.Span[_largeFilled..]);
        _largeFilled += part.Length;
        if (_largeFilled == _largeLength)
        {
            envelopes.Add(_large);
            _large = null;
            _largeFilled = 0;
        }
    }

    /// <summary>Doubles the partial envelope's buffer (up to its declared length) so it holds <paramref name="needed"/> bytes.</summary>
    private void EnsureCapacity(int needed)
    {
        if (needed <= _large!.Length) return;
        // Capacity never exceeds the declared length, so it equals it once the envelope is complete.
        var grown = BufferLease.Rent((int)Math.Min(_largeLength, Math.Max(2L * _large.Length, needed)));
        _large.Span[.._largeFilled].CopyTo(grown.Span);
        _large.Dispose();
        _large = grown;
    }

    /// <summary>Header plus body length of the envelope starting at <paramref name="header"/>.</summary>
    private static long EnvelopeLength(ReadOnlySpan<byte> header)
    {
        int body = BinaryPrimitives.ReadInt32BigEndian(header[5..]);
        if (body < 0) throw new SegmentCorruptException($"Envelope declares a negative body length {body}");
        return (long)FrameHeader.Size + body;
    }

    public void Dispose()
    {
        _large?.Dispose();
        _large = null;
        _pendingHeaderLength = 0;
    }
}
