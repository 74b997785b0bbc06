namespace ScriptProxy.Transforms.Support;

/// <summary>
/// The keyspaces a node keeps about itself (topology, schema, auth, tracing, virtual tables). Drivers read them when
/// they connect and after schema changes; their rows differ from node to node by nature (host ids, addresses, schema
/// versions), so stages that answer for the cluster or compare clusters leave them alone.
/// </summary>
internal static class SystemKeyspaces
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "system", "system_schema", "system_auth", "system_distributed", "system_traces", "system_views", "system_virtual_schema",
    };

    /// <summary>True for a node-local keyspace such as system or system_schema.</summary>
    public static bool Contains(string? keyspace) => keyspace is not null && Names.Contains(keyspace);
}
