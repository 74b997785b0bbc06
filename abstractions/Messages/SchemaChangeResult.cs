using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>RESULT Schema_change (spec 4.2.5.5): same body as a SCHEMA_CHANGE event.</summary>
public sealed record SchemaChangeResult(SchemaChange Change) : ResultResponse
{
    /// <inheritdoc />
    public override ResultKind Kind => ResultKind.SchemaChange;

    /// <summary>Reads the body after the [int] kind.</summary>
    public static new SchemaChangeResult Read(ref CqlReader reader, byte version) => new(SchemaChange.Read(ref reader, version));

    private protected override void WriteBody(ref CqlWriter writer, byte version) => Change.Write(ref writer, version);
}
