using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Protocol;

/// <summary>
/// ERROR responses the proxy writes itself (protocol violations, unreachable upstream, shutdown).
/// Only codes with a plain [int code][string message] body are produced here.
/// </summary>
internal static class ProxyErrorFrame
{
    public static void Write(IBufferWriter<byte> output, byte version, short stream, ErrorCode code, string message)
    {
        // Our messages are short; cap them so a pathological one cannot overflow the [string] length.
        if (message.Length > 4096) message = message[..4096];
        int messageBytes = Encoding.UTF8.GetByteCount(message);
        int bodyLength = 4 + 2 + messageBytes;
        var span = output.GetSpan(FrameHeader.Size + bodyLength);
        FrameHeader.Create(version, response: true, FrameFlags.None, stream, Opcode.Error, bodyLength).Write(span);
        BinaryPrimitives.WriteInt32BigEndian(span[9..], (int)code);
        BinaryPrimitives.WriteUInt16BigEndian(span[13..], (ushort)messageBytes);
        Encoding.UTF8.GetBytes(message, span[15..]);
        output.Advance(FrameHeader.Size + bodyLength);
    }

    public static byte[] Create(byte version, short stream, ErrorCode code, string message)
    {
        var writer = new ArrayBufferWriter<byte>();
        Write(writer, version, stream, code, message);
        return writer.WrittenSpan.ToArray();
    }
}
