using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>Unavailable (0x1000): <c>&lt;cl&gt;&lt;required&gt;&lt;alive&gt;</c>.</summary>
public sealed record UnavailableDetails(Consistency Consistency, int Required, int Alive) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.Unavailable;

    internal static UnavailableDetails Read(ref CqlReader reader)
    {
        var cl = MessageWire.ReadConsistency(ref reader);
        int required = reader.ReadInt();
        return new UnavailableDetails(cl, required, reader.ReadInt());
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteConsistency(Consistency);
        writer.WriteInt(Required);
        writer.WriteInt(Alive);
    }
}
