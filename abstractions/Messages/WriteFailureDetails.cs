using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Write_failure (0x1500): <c>&lt;cl&gt;&lt;received&gt;&lt;blockfor&gt;&lt;numfailures | reasonmap&gt;&lt;write_type&gt;</c>.
/// </summary>
/// <param name="NumFailures">Failed replicas; on v5 decode it equals the reason map size.</param>
/// <param name="Reasons">v5 reason map (null for v3/v4 bodies).</param>
/// <param name="WriteType">SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG, CAS, VIEW or CDC.</param>
public sealed record WriteFailureDetails(Consistency Consistency, int Received, int BlockFor, int NumFailures, IReadOnlyList<ReplicaFailure>? Reasons, string WriteType) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.WriteFailure;

    internal static WriteFailureDetails Read(ref CqlReader reader, byte version)
    {
        var cl = MessageWire.ReadConsistency(ref reader);
        int received = reader.ReadInt();
        int blockFor = reader.ReadInt();
        var (count, reasons) = FailureReasons.Read(ref reader, version);
        return new WriteFailureDetails(cl, received, blockFor, count, reasons, reader.ReadString());
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteConsistency(Consistency);
        writer.WriteInt(Received);
        writer.WriteInt(BlockFor);
        FailureReasons.Write(ref writer, version, NumFailures, Reasons);
        writer.WriteString(WriteType);
    }
}
