using System.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Protocol;

/// <summary>
/// Reads the code of an ERROR response for metrics and traces. Only ERROR envelopes pay anything: the code is
/// the first body field after the optional tracing id, warnings and custom payload, and a compressed body
/// (v3/v4) is decompressed first. Returns -1 when the body cannot be read.
/// </summary>
internal static class ErrorCodeReader
{
    public static int Read(in FrameHeader header, in ReadOnlySequence<byte> body, IBodyCompressor? compression)
    {
        if (header.Opcode != Opcode.Error) return 0;
        const FrameFlags Preamble = FrameFlags.Tracing | FrameFlags.Warning | FrameFlags.CustomPayload;
        bool compressed = (header.Flags & FrameFlags.Compression) != 0 && header.Version < ProtocolVersion.V5;
        if (!compressed && (header.Flags & Preamble) == 0)
        {
            if (body.Length < 4) return -1;
            Span<byte> code = stackalloc byte[4];
            body.Slice(0, 4).CopyTo(code);
            return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(code);
        }
        if (compressed && compression is null) return -1;
        try
        {
            var bytes = body.ToArray(); // rare path: errors with a preamble or compression
            using var decompressed = compressed ? compression!.Decompress(bytes, ProxyLimits.MaxErrorBody) : null;
            var reader = new CqlReader(decompressed?.Memory ?? bytes);
            MessageEnvelope.Read(ref reader, header); // skips tracing id, warnings and custom payload as the decoder does
            return reader.ReadInt();
        }
        catch (CqlProtocolException)
        {
            return -1;
        }
    }

    private static class ProxyLimits
    {
        /// <summary>An ERROR body is a code and a message; anything larger is not read for metrics.</summary>
        public const int MaxErrorBody = 1024 * 1024;
    }
}
