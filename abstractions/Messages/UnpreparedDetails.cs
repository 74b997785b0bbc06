using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>Unprepared (0x2500): the unknown prepared id as [short bytes] (a view when decoded).</summary>
public sealed record UnpreparedDetails(ReadOnlyMemory<byte> QueryId) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.Unprepared;

    internal static UnpreparedDetails Read(ref CqlReader reader) => new(reader.ReadShortBytes());

    internal override void Write(ref CqlWriter writer, byte version) => writer.WriteShortBytes(QueryId.Span);
}
