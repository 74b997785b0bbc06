using ScriptProxy.Abstractions.Buffers;

namespace ScriptProxy.Abstractions.Frames;

/// <summary>
/// One CQL envelope as a <b>borrowed, read-only view</b>: the header, the (decompressed) body, and the
/// envelope exactly as it arrived. The frame owns at most one <see cref="BufferLease"/> and returns it
/// on <see cref="Dispose"/>; stages that receive a frame borrow it for the duration of the exchange and
/// must copy anything they keep. A frame is never mutated: changes produce a new owned frame
/// (copy-on-write), so an untouched frame is forwarded as its original bytes.
/// </summary>
public sealed class Frame : IDisposable
{
    private BufferLease? _owner;

    /// <param name="header">The header; BodyLength is the length of <paramref name="envelope"/>'s body as sent.</param>
    /// <param name="body">The uncompressed body (a slice of <paramref name="envelope"/> unless it was compressed).</param>
    /// <param name="envelope">Header plus body exactly as received (possibly compressed).</param>
    /// <param name="owner">The lease backing the views, returned on Dispose; null when the caller keeps ownership.</param>
    public Frame(FrameHeader header, ReadOnlyMemory<byte> body, ReadOnlyMemory<byte> envelope, BufferLease? owner)
    {
        Header = header;
        Body = body;
        Envelope = envelope;
        _owner = owner;
    }

    public FrameHeader Header { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public ReadOnlyMemory<byte> Envelope { get; }

    public byte Version => Header.Version;

    public short Stream => Header.Stream;

    public Opcode Opcode => Header.Opcode;

    public bool IsResponse => Header.IsResponse;

    /// <summary>Builds a frame from an uncompressed envelope (header + body) held in <paramref name="owner"/>.</summary>
    public static Frame FromEnvelope(BufferLease owner)
    {
        var memory = owner.Memory;
        var header = FrameHeader.Read(memory.Span);
        return new Frame(header, memory.Slice(FrameHeader.Size, header.BodyLength), memory[..(FrameHeader.Size + header.BodyLength)], owner);
    }

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Dispose();
}
