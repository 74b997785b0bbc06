namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>Builds the USE statement the router sends to new node connections.</summary>
internal static class UseText
{
    /// <summary><c>USE "ks"</c>, quoted so the keyspace's case and any odd characters survive.</summary>
    public static string For(string keyspace) => $"USE \"{keyspace.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
