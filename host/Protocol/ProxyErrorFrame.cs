using System.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
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
        FrameEncoder.Write(output, version, response: true, FrameFlags.None, stream, new ErrorResponse(code, message));
    }

    public static byte[] Create(byte version, short stream, ErrorCode code, string message)
    {
        var writer = new ArrayBufferWriter<byte>();
        Write(writer, version, stream, code, message);
        return writer.WrittenSpan.ToArray();
    }
}
