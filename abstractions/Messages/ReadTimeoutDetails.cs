using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>Read_timeout (0x1200): <c>&lt;cl&gt;&lt;received&gt;&lt;blockfor&gt;&lt;data_present&gt;</c>.</summary>
/// <param name="DataPresent">Whether the replica asked for data answered (wire byte != 0).</param>
public sealed record ReadTimeoutDetails(Consistency Consistency, int Received, int BlockFor, bool DataPresent) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.ReadTimeout;

    internal static ReadTimeoutDetails Read(ref CqlReader reader)
    {
        var cl = MessageWire.ReadConsistency(ref reader);
        int received = reader.ReadInt();
        int blockFor = reader.ReadInt();
        return new ReadTimeoutDetails(cl, received, blockFor, reader.ReadByte() != 0);
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteConsistency(Consistency);
        writer.WriteInt(Received);
        writer.WriteInt(BlockFor);
        writer.WriteByte(DataPresent ? (byte)1 : (byte)0);
    }
}
