using System.Net;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>STATUS_CHANGE event: "UP" or "DOWN" then the node's [inet].</summary>
public sealed record StatusChangeEvent(StatusChangeType Change, IPEndPoint Address) : EventResponse
{
    /// <inheritdoc />
    public override string EventType => EventTypes.StatusChange;

    internal static StatusChangeEvent ReadBody(ref CqlReader reader)
    {
        var s = reader.ReadStringUtf8();
        var change =
            s.SequenceEqual("UP"u8) ? StatusChangeType.Up :
            s.SequenceEqual("DOWN"u8) ? StatusChangeType.Down :
            throw new CqlProtocolException($"Unknown status change '{System.Text.Encoding.UTF8.GetString(s)}'");
        return new StatusChangeEvent(change, MessageWire.ReadInet(ref reader));
    }

    private protected override void WriteBody(ref CqlWriter writer, byte version)
    {
        writer.WriteString(Change == StatusChangeType.Up ? "UP" : "DOWN");
        writer.WriteInet(Address);
    }
}
