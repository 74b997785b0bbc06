using System.Buffers.Binary;
using System.Text;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>Hand-built request envelopes for host tests (written from the spec, not with the codec under test).</summary>
public static class Frames
{
    public static byte[] Envelope(byte version, FrameFlags flags, short stream, byte opcode, byte[] body)
    {
        var frame = new byte[9 + body.Length];
        frame[0] = version;
        frame[1] = (byte)flags;
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(2), stream);
        frame[4] = opcode;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), body.Length);
        body.CopyTo(frame, 9);
        return frame;
    }

    public static byte[] Options(short stream, byte version = 4) => Envelope(version, FrameFlags.None, stream, (byte)Opcode.Options, []);

    public static byte[] Startup(short stream, byte version = 4, string? compression = null)
    {
        var b = new BodyBuilder();
        b.Short(compression is null ? 1 : 2);
        b.String("CQL_VERSION").String("3.0.0");
        if (compression is not null) b.String("COMPRESSION").String(compression);
        return Envelope(version, FrameFlags.None, stream, (byte)Opcode.Startup, b.ToArray());
    }

    /// <summary>QUERY with consistency ONE and the given v4 flags byte and parameters already encoded.</summary>
    public static byte[] Query(short stream, string cql, byte version = 4)
    {
        var b = new BodyBuilder().LongString(cql).Short(1);
        if (version >= 5) b.Int(0); else b.Byte(0);
        return Envelope(version, FrameFlags.None, stream, (byte)Opcode.Query, b.ToArray());
    }

    public sealed class BodyBuilder
    {
        private readonly MemoryStream _ms = new();

        public BodyBuilder Byte(byte v) { _ms.WriteByte(v); return this; }

        public BodyBuilder Short(int v) { Span<byte> s = stackalloc byte[2]; BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)v); _ms.Write(s); return this; }

        public BodyBuilder Int(int v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteInt32BigEndian(s, v); _ms.Write(s); return this; }

        public BodyBuilder Long(long v) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteInt64BigEndian(s, v); _ms.Write(s); return this; }

        public BodyBuilder String(string v) { var u = Encoding.UTF8.GetBytes(v); Short(u.Length); _ms.Write(u); return this; }

        public BodyBuilder LongString(string v) { var u = Encoding.UTF8.GetBytes(v); Int(u.Length); _ms.Write(u); return this; }

        public BodyBuilder Raw(byte[] v) { _ms.Write(v); return this; }

        public byte[] ToArray() => _ms.ToArray();
    }
}
