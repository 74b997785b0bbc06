using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Read_failure (0x1300): <c>&lt;cl&gt;&lt;received&gt;&lt;blockfor&gt;&lt;numfailures | reasonmap&gt;&lt;data_present&gt;</c>.
/// </summary>
/// <param name="NumFailures">Failed replicas; on v5 decode it equals the reason map size.</param>
/// <param name="Reasons">v5 reason map (null for v3/v4 bodies); encoded in v5, <paramref name="NumFailures"/> before.</param>
public sealed record ReadFailureDetails(Consistency Consistency, int Received, int BlockFor, int NumFailures, IReadOnlyList<ReplicaFailure>? Reasons, bool DataPresent) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.ReadFailure;

    internal static ReadFailureDetails Read(ref CqlReader reader, byte version)
    {
        var cl = MessageWire.ReadConsistency(ref reader);
        int received = reader.ReadInt();
        int blockFor = reader.ReadInt();
        var (count, reasons) = FailureReasons.Read(ref reader, version);
        return new ReadFailureDetails(cl, received, blockFor, count, reasons, reader.ReadByte() != 0);
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteConsistency(Consistency);
        writer.WriteInt(Received);
        writer.WriteInt(BlockFor);
        FailureReasons.Write(ref writer, version, NumFailures, Reasons);
        writer.WriteByte(DataPresent ? (byte)1 : (byte)0);
    }
}
