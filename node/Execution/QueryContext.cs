namespace ScriptProxy.Node.Execution;

/// <summary>Everything a statement needs besides its text: the connection's keyspace, values and query parameters.</summary>
internal sealed class QueryContext
{
    public string? Keyspace { get; init; }

    public BoundValues Values { get; init; } = BoundValues.Empty;

    /// <summary>Rows per page; 0 or less disables paging.</summary>
    public int PageSize { get; init; }

    public byte[]? PagingState { get; init; }

    /// <summary>Client-supplied default timestamp (QUERY flag 0x20), microseconds.</summary>
    public long? DefaultTimestamp { get; init; }

    public byte ProtocolVersion { get; init; } = 4;

    /// <summary>Set by BATCH: the timestamp every child uses unless it says otherwise.</summary>
    public long? BatchTimestamp { get; init; }
}
