using System.Buffers.Binary;

namespace ScriptProxy.Abstractions.Frames;

/// <summary>
/// The 9-byte CQL envelope header (v3+). A plain value: reading it never allocates.
/// </summary>
public readonly record struct FrameHeader(byte VersionByte, FrameFlags Flags, short Stream, Opcode Opcode, int BodyLength)
{
    public const int Size = 9;

    /// <summary>Protocol version without the direction bit.</summary>
    public byte Version => (byte)(VersionByte & 0x7F);

    /// <summary>True for server-to-client envelopes (direction bit 0x80).</summary>
    public bool IsResponse => (VersionByte & 0x80) != 0;

    public static FrameHeader Create(byte version, bool response, FrameFlags flags, short stream, Opcode opcode, int bodyLength) =>
        new((byte)(version | (response ? 0x80 : 0)), flags, stream, opcode, bodyLength);

    /// <summary>Parses a header from at least 9 bytes. Does not validate; see <see cref="FrameValidator"/>.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source) => new(
        source[0],
        (FrameFlags)source[1],
        BinaryPrimitives.ReadInt16BigEndian(source[2..]),
        (Opcode)source[4],
        BinaryPrimitives.ReadInt32BigEndian(source[5..]));

    public void Write(Span<byte> destination)
    {
        destination[0] = VersionByte;
        destination[1] = (byte)Flags;
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], Stream);
        destination[4] = (byte)Opcode;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], BodyLength);
    }

    public FrameHeader WithBodyLength(int length) => this with { BodyLength = length };

    public FrameHeader WithFlags(FrameFlags flags) => this with { Flags = flags };
}
