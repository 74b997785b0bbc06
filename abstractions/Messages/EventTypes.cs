namespace ScriptProxy.Abstractions.Messages;

/// <summary>The event type names of REGISTER and EVENT (spec 4.2.6).</summary>
public static class EventTypes
{
    /// <summary>Nodes added to or removed from the cluster.</summary>
    public const string TopologyChange = "TOPOLOGY_CHANGE";

    /// <summary>Nodes going up or down.</summary>
    public const string StatusChange = "STATUS_CHANGE";

    /// <summary>Keyspace, table, type, function or aggregate changes.</summary>
    public const string SchemaChange = "SCHEMA_CHANGE";

    /// <summary>True for the three names the spec defines.</summary>
    public static bool IsKnown(string eventType) => eventType is TopologyChange or StatusChange or SchemaChange;
}
