using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Write_timeout (0x1100): <c>&lt;cl&gt;&lt;received&gt;&lt;blockfor&gt;&lt;writeType&gt;[&lt;contentions&gt;]</c>.
/// The [short] contentions exists only in v5 and only when the write type is "CAS".
/// </summary>
/// <param name="WriteType">SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG, CAS, VIEW or CDC.</param>
/// <param name="Contentions">v5 CAS writes only; written as 0 when null there.</param>
public sealed record WriteTimeoutDetails(Consistency Consistency, int Received, int BlockFor, string WriteType, short? Contentions = null) : ErrorDetails
{
    /// <summary>The write type whose v5 body carries contentions.</summary>
    public const string CasWriteType = "CAS";

    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.WriteTimeout;

    internal static WriteTimeoutDetails Read(ref CqlReader reader, byte version)
    {
        var cl = MessageWire.ReadConsistency(ref reader);
        int received = reader.ReadInt();
        int blockFor = reader.ReadInt();
        string writeType = reader.ReadString();
        short? contentions = version >= ProtocolVersion.V5 && writeType == CasWriteType ? reader.ReadShort() : null;
        return new WriteTimeoutDetails(cl, received, blockFor, writeType, contentions);
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteConsistency(Consistency);
        writer.WriteInt(Received);
        writer.WriteInt(BlockFor);
        writer.WriteString(WriteType);
        if (version >= ProtocolVersion.V5 && WriteType == CasWriteType) writer.WriteShort(Contentions ?? 0);
    }
}
