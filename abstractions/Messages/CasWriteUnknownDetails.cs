using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>CAS_WRITE_UNKNOWN (0x1700, v5): <c>&lt;cl&gt;&lt;received&gt;&lt;blockfor&gt;</c>.</summary>
public sealed record CasWriteUnknownDetails(Consistency Consistency, int Received, int BlockFor) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.CasWriteUnknown;

    internal static CasWriteUnknownDetails Read(ref CqlReader reader)
    {
        var cl = MessageWire.ReadConsistency(ref reader);
        int received = reader.ReadInt();
        return new CasWriteUnknownDetails(cl, received, reader.ReadInt());
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteConsistency(Consistency);
        writer.WriteInt(Received);
        writer.WriteInt(BlockFor);
    }
}
