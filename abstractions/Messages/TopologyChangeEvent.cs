using System.Net;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>TOPOLOGY_CHANGE event: a [string] change then the node's [inet].</summary>
public sealed record TopologyChangeEvent(TopologyChangeType Change, IPEndPoint Address) : EventResponse
{
    /// <inheritdoc />
    public override string EventType => EventTypes.TopologyChange;

    internal static TopologyChangeEvent ReadBody(ref CqlReader reader)
    {
        var s = reader.ReadStringUtf8();
        // MOVED_NODE is only listed by the v3 spec but servers may still send it; accept it in every version.
        var change =
            s.SequenceEqual("NEW_NODE"u8) ? TopologyChangeType.NewNode :
            s.SequenceEqual("REMOVED_NODE"u8) ? TopologyChangeType.RemovedNode :
            s.SequenceEqual("MOVED_NODE"u8) ? TopologyChangeType.MovedNode :
            throw new CqlProtocolException($"Unknown topology change '{System.Text.Encoding.UTF8.GetString(s)}'");
        return new TopologyChangeEvent(change, MessageWire.ReadInet(ref reader));
    }

    private protected override void WriteBody(ref CqlWriter writer, byte version)
    {
        writer.WriteString(Change switch
        {
            TopologyChangeType.NewNode => "NEW_NODE",
            TopologyChangeType.RemovedNode => "REMOVED_NODE",
            _ => "MOVED_NODE",
        });
        writer.WriteInet(Address);
    }
}
