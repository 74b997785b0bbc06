using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Writes complete, uncompressed envelopes: the 9-byte header, the preamble and the message. Compression (and v5
/// framing) is applied by the connection afterwards, so the Compression flag is always cleared here.
/// </summary>
/// <remarks>
/// Flags: for responses, Tracing/Warning/CustomPayload follow the preamble (a flag without its content would corrupt the
/// body). For requests, the caller's Tracing bit is kept (it asks for tracing and adds nothing to the body),
/// CustomPayload follows the preamble and Warning is cleared. Other bits (e.g. UseBeta) are kept.
/// </remarks>
public static class FrameEncoder
{
    private const FrameFlags PreambleFlags = FrameFlags.Tracing | FrameFlags.Warning | FrameFlags.CustomPayload;

    // Bodies are staged here when the output cannot be patched after the fact (the length precedes the body).
    [ThreadStatic]
    private static PooledBufferWriter? t_scratch;

    /// <summary>Writes header + body of <paramref name="message"/> to <paramref name="output"/>.</summary>
    /// <returns>The number of bytes written (9 + body length).</returns>
    /// <exception cref="ArgumentException">The message's direction does not match <paramref name="response"/>.</exception>
    /// <exception cref="CqlProtocolException">The message or preamble cannot be expressed in <paramref name="version"/>.</exception>
    public static int Write(IBufferWriter<byte> output, byte version, bool response, FrameFlags flags, short stream, ICqlMessage message, MessageEnvelope? envelope = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        if (!ProtocolVersion.IsSupported(version)) throw new CqlProtocolException(ProtocolVersion.UnsupportedMessage(version));
        if (response ? message is not IResponse : message is not IRequest)
            throw new ArgumentException($"{message.GetType().Name} cannot be sent as a {(response ? "response" : "request")}", nameof(message));
        envelope ??= MessageEnvelope.Empty;
        var effective = EffectiveFlags(flags, response, envelope);

        if (output is PooledBufferWriter pooled)
        {
            // Our own writer keeps written bytes in place, so reserve the header and patch the length afterwards.
            int start = pooled.WrittenCount;
            pooled.GetSpan(FrameHeader.Size);
            pooled.Advance(FrameHeader.Size);
            int length = WriteBody(pooled, version, response, message, envelope);
            var header = FrameHeader.Create(version, response, effective, stream, message.Opcode, length);
            header.Write(MemoryMarshal.AsMemory(pooled.WrittenMemory).Span.Slice(start, FrameHeader.Size));
            return FrameHeader.Size + length;
        }

        var scratch = t_scratch ??= new PooledBufferWriter(1024);
        scratch.Clear();
        try
        {
            int length = WriteBody(scratch, version, response, message, envelope);
            var span = output.GetSpan(FrameHeader.Size + length);
            FrameHeader.Create(version, response, effective, stream, message.Opcode, length).Write(span);
            scratch.WrittenSpan.CopyTo(span[FrameHeader.Size..]);
            output.Advance(FrameHeader.Size + length);
            return FrameHeader.Size + length;
        }
        finally
        {
            // Do not let one huge message pin a huge buffer per thread.
            if (scratch.WrittenCount > 1 << 20)
            {
                t_scratch = null;
                scratch.Dispose();
            }
            else
            {
                scratch.Clear();
            }
        }
    }

    /// <summary>Encodes a message into a new owned <see cref="Frame"/> backed by a <see cref="BufferLease"/>.</summary>
    public static Frame ToFrame(byte version, bool response, FrameFlags flags, short stream, ICqlMessage message, MessageEnvelope? envelope = null)
    {
        using var writer = new PooledBufferWriter(256);
        Write(writer, version, response, flags, stream, message, envelope);
        return Frame.FromEnvelope(writer.ToLease());
    }

    /// <summary>
    /// Copy-on-write helper: encodes <paramref name="message"/> with the version, direction, stream and non-preamble
    /// flags of <paramref name="original"/> (e.g. a rewritten request, or an answer on the same stream when
    /// <paramref name="response"/> differs from the original's direction).
    /// </summary>
    public static Frame ToFrame(in FrameHeader original, ICqlMessage message, MessageEnvelope? envelope = null, bool? response = null)
    {
        bool isResponse = response ?? original.IsResponse;
        var flags = original.Flags;
        // A response inherits nothing of a request's preamble flags except through its own envelope.
        if (isResponse != original.IsResponse) flags &= ~PreambleFlags;
        return ToFrame(original.Version, isResponse, flags, original.Stream, message, envelope);
    }

    /// <summary>The header flags <see cref="Write"/> emits for these inputs.</summary>
    public static FrameFlags EffectiveFlags(FrameFlags flags, bool response, MessageEnvelope envelope)
    {
        var keep = flags & ~(FrameFlags.Compression | PreambleFlags);
        if (!response) keep |= flags & FrameFlags.Tracing;
        return keep | envelope.RequiredFlags(response);
    }

    private static int WriteBody(PooledBufferWriter buffer, byte version, bool response, ICqlMessage message, MessageEnvelope envelope)
    {
        int before = buffer.WrittenCount;
        var writer = new CqlWriter(buffer);
        envelope.Write(ref writer, version, response, message.Opcode);
        message.Write(ref writer, version);
        return buffer.WrittenCount - before;
    }
}
