using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>SCHEMA_CHANGE event: <c>&lt;change_type&gt;&lt;target&gt;&lt;options&gt;</c>.</summary>
public sealed record SchemaChangeEvent(SchemaChange Change) : EventResponse
{
    /// <inheritdoc />
    public override string EventType => EventTypes.SchemaChange;

    private protected override void WriteBody(ref CqlWriter writer, byte version) => Change.Write(ref writer, version);
}
