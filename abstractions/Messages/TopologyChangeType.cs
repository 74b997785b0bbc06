namespace ScriptProxy.Abstractions.Messages;

/// <summary>TOPOLOGY_CHANGE kinds: NEW_NODE, REMOVED_NODE and (v3 spec) MOVED_NODE.</summary>
public enum TopologyChangeType
{
    NewNode,
    RemovedNode,
    MovedNode,
}
