using System.Buffers;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Protocol;

/// <summary>Reads envelope headers from pipe buffers without allocating, whether or not the 9 bytes are contiguous.</summary>
internal static class EnvelopeScanner
{
    /// <summary>Headers of protocol v1/v2 are 8 bytes; their stream id is one byte at offset 2.</summary>
    public const int LegacyHeaderSize = 8;

    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out FrameHeader header)
    {
        if (buffer.Length < FrameHeader.Size)
        {
            header = default;
            return false;
        }
        var first = buffer.FirstSpan;
        if (first.Length >= FrameHeader.Size)
        {
            header = FrameHeader.Read(first);
            return true;
        }
        Span<byte> tmp = stackalloc byte[FrameHeader.Size];
        buffer.Slice(0, FrameHeader.Size).CopyTo(tmp);
        header = FrameHeader.Read(tmp);
        return true;
    }

    /// <summary>The version byte of the next envelope, or -1 when the buffer is empty.</summary>
    public static int PeekVersion(in ReadOnlySequence<byte> buffer) => buffer.IsEmpty ? -1 : buffer.FirstSpan[0] & 0x7F;

    /// <summary>The stream id of a legacy (v1/v2) header: a single signed byte at offset 2.</summary>
    public static short LegacyStream(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> tmp = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(tmp);
        return (sbyte)tmp[2];
    }
}
