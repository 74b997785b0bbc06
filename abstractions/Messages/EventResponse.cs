using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// EVENT (spec 4.2.6): a [string] event type then a type-specific body. Subclasses: <see cref="TopologyChangeEvent"/>,
/// <see cref="StatusChangeEvent"/>, <see cref="SchemaChangeEvent"/>; type names are in <see cref="EventTypes"/>. Events travel on stream -1.
/// </summary>
public abstract record EventResponse : IResponse
{
    /// <summary>The stream id every EVENT uses (spec 2.4.1.3).</summary>
    public const short StreamId = -1;

    private protected EventResponse()
    {
    }

    /// <summary>The [string] event type.</summary>
    public abstract string EventType { get; }

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Event;

    /// <summary>Reads the body of an EVENT.</summary>
    /// <exception cref="CqlProtocolException">Unknown event type or malformed body.</exception>
    public static EventResponse Read(ref CqlReader reader, byte version)
    {
        var type = reader.ReadStringUtf8();
        if (type.SequenceEqual("TOPOLOGY_CHANGE"u8)) return TopologyChangeEvent.ReadBody(ref reader);
        if (type.SequenceEqual("STATUS_CHANGE"u8)) return StatusChangeEvent.ReadBody(ref reader);
        if (type.SequenceEqual("SCHEMA_CHANGE"u8)) return new SchemaChangeEvent(SchemaChange.Read(ref reader, version));
        throw new CqlProtocolException($"Unknown event type '{System.Text.Encoding.UTF8.GetString(type)}'");
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteString(EventType);
        WriteBody(ref writer, version);
    }

    /// <summary>Writes what follows the event type.</summary>
    private protected abstract void WriteBody(ref CqlWriter writer, byte version);
}
