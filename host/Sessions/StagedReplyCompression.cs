using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Responses that went through stages are decompressed for the stages to read (and a changed one is re-encoded
/// plain). A v3/v4 client that negotiated compression in STARTUP gets them compressed again on the way out, as it
/// gets every response without stages: an uncompressed frame is valid (the flag is per frame) but would silently
/// drop the compression the client asked for on nearly every answer (gocql with Snappy through the sample stages
/// saw 4 compressed responses out of 125).
/// </summary>
internal static class StagedReplyCompression
{
    /// <summary>Writes <paramref name="envelope"/> compressed with <paramref name="compressor"/>, or as it is when it is already compressed, v5, or bodiless.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> envelope, IBodyCompressor? compressor)
    {
        if (compressor is null || envelope.Length <= FrameHeader.Size)
        {
            output.Write(envelope);
            return;
        }
        var header = FrameHeader.Read(envelope);
        if (header.Version >= ProtocolVersion.V5 || (header.Flags & FrameFlags.Compression) != 0)
        {
            output.Write(envelope);
            return;
        }
        var body = envelope[FrameHeader.Size..];
        using var packed = new PooledBufferWriter(compressor.MaxCompressedLength(body.Length));
        int length = compressor.Compress(body, packed);
        var span = output.GetSpan(FrameHeader.Size + length);
        header.WithFlags(header.Flags | FrameFlags.Compression).WithBodyLength(length).Write(span);
        packed.WrittenSpan.CopyTo(span[FrameHeader.Size..]);
        output.Advance(FrameHeader.Size + length);
    }
}
