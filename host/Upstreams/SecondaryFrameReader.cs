using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// Splits what a CQL server sends on a <see cref="SecondaryCqlConnection"/> into frames: bare envelopes until
/// <see cref="StartSegments"/> (v5 after READY), then v5 segments (uncompressed) reassembled into envelopes. Each frame
/// is copied into its own array, so it stays valid for as long as its reader keeps it.
/// </summary>
internal sealed class SecondaryFrameReader : IDisposable
{
    private const int MaxBodyBytes = 256 * 1024 * 1024;
    private readonly List<BufferLease> _envelopes = [];
    private SegmentDecoder? _decoder;
    private SegmentReassembler? _reassembler;

    /// <summary>From now on the bytes are v5 segments.</summary>
    public void StartSegments()
    {
        _decoder = new SegmentDecoder(lz4: false);
        _reassembler = new SegmentReassembler();
    }

    /// <summary>Takes every complete frame off the front of <paramref name="buffer"/> and hands it to <paramref name="deliver"/>.</summary>
    /// <exception cref="CqlProtocolException">A frame header is invalid.</exception>
    /// <exception cref="SegmentCorruptException">A segment is corrupt.</exception>
    public void Read(ref ReadOnlySequence<byte> buffer, Action<Frame> deliver)
    {
        while (true)
        {
            if (_decoder is null)
            {
                if (!TryReadFrame(ref buffer, out var frame)) return;
                deliver(frame); // may start segments (READY): the rest of the buffer is read as such
                continue;
            }
            if (!_decoder.TryDecode(ref buffer, out var header, out var payload)) return;
            _reassembler!.Add(header.IsSelfContained, payload, _envelopes);
            foreach (var lease in _envelopes)
            {
                using (lease)
                {
                    var envelope = new ReadOnlySequence<byte>(lease.Memory);
                    if (!TryReadFrame(ref envelope, out var frame)) throw new CqlProtocolException("A segment held an incomplete envelope");
                    deliver(frame);
                }
            }
            _envelopes.Clear();
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = null!;
        if (buffer.Length < FrameHeader.Size) return false;
        Span<byte> head = stackalloc byte[FrameHeader.Size];
        buffer.Slice(0, FrameHeader.Size).CopyTo(head);
        var header = FrameHeader.Read(head);
        if (header.BodyLength is < 0 or > MaxBodyBytes) throw new CqlProtocolException($"Invalid body length {header.BodyLength}");
        long total = FrameHeader.Size + (long)header.BodyLength;
        if (buffer.Length < total) return false;
        var bytes = buffer.Slice(0, total).ToArray();
        frame = new Frame(header, bytes.AsMemory(FrameHeader.Size), bytes, null);
        buffer = buffer.Slice(total);
        return true;
    }

    public void Dispose() => _reassembler?.Dispose();
}
