namespace ScriptProxy.Node.Server;

/// <summary>Per-connection session state that requests read and USE changes.</summary>
internal sealed class ConnectionState
{
    private string? _keyspace;
    private Hosting.NodeUser? _user;

    public string? Keyspace
    {
        get => Volatile.Read(ref _keyspace);
        set => Volatile.Write(ref _keyspace, value);
    }

    /// <summary>The user that authenticated on this connection (null before AUTH_SUCCESS or with authentication off).</summary>
    public Hosting.NodeUser? User
    {
        get => Volatile.Read(ref _user);
        set => Volatile.Write(ref _user, value);
    }

    /// <summary>The protocol version fixed by the first valid request.</summary>
    public byte Version { get; set; }

    public bool SchemaEvents { get; set; }

    public bool TopologyEvents { get; set; }

    public bool StatusEvents { get; set; }
}
