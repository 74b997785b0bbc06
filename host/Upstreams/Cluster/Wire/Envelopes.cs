using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Host.Upstreams.Cluster.Wire;

/// <summary>Small helpers over whole envelopes held in leases: header, stream id patching, bodies, encoding messages.</summary>
internal static class Envelopes
{
    public static FrameHeader Header(BufferLease envelope) => FrameHeader.Read(envelope.Span);

    /// <summary>Rewrites the stream id in place (the only byte change a routed envelope needs).</summary>
    public static void SetStream(BufferLease envelope, short stream) => BinaryPrimitives.WriteInt16BigEndian(envelope.Span[2..], stream);

    /// <summary>
    /// The uncompressed body: a view into <paramref name="envelope"/>, or a decompressed copy in
    /// <paramref name="owned"/> (the caller disposes it) when the v3/v4 compression flag is set.
    /// </summary>
    public static ReadOnlyMemory<byte> Body(BufferLease envelope, IBodyCompressor? compressor, int maxBodyLength, out BufferLease? owned)
    {
        var header = Header(envelope);
        var body = envelope.Memory[FrameHeader.Size..];
        owned = null;
        if ((header.Flags & FrameFlags.Compression) == 0 || header.Version >= ProtocolVersion.V5 || compressor is null || body.IsEmpty) return body;
        owned = compressor.Decompress(body.Span, maxBodyLength);
        return owned.Memory;
    }

    /// <summary>An uncompressed envelope carrying <paramref name="message"/>.</summary>
    public static BufferLease Encode(byte version, bool response, short stream, ICqlMessage message)
    {
        using var writer = new PooledBufferWriter(256);
        FrameEncoder.Write(writer, version, response, FrameFlags.None, stream, message);
        return writer.ToLease();
    }

    /// <summary>An uncompressed request envelope with an already encoded body (e.g. a recorded STARTUP).</summary>
    public static BufferLease Request(byte version, short stream, Opcode opcode, ReadOnlySpan<byte> body)
    {
        var lease = BufferLease.Rent(FrameHeader.Size + body.Length);
        FrameHeader.Create(version, false, FrameFlags.None, stream, opcode, body.Length).Write(lease.Span);
        body.CopyTo(lease.Span[FrameHeader.Size..]);
        return lease;
    }
}
