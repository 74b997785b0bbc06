namespace ScriptProxy.Node.Storage;

/// <summary>
/// A partition key: its serialized form (Cassandra's composite encoding for multi-column keys), the Murmur3 token
/// drivers compute from the same bytes, and the decoded column values. Equality is by bytes.
/// </summary>
internal sealed class PartitionKey : IEquatable<PartitionKey>, IComparable<PartitionKey>
{
    private readonly int _hash;

    public PartitionKey(byte[] bytes, object?[] values)
    {
        Bytes = bytes;
        Values = values;
        Token = Murmur3.Token(bytes);
        var h = new HashCode();
        h.AddBytes(bytes);
        _hash = h.ToHashCode();
    }

    public byte[] Bytes { get; }

    public long Token { get; }

    public object?[] Values { get; }

    public bool Equals(PartitionKey? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is PartitionKey k && Equals(k);

    public override int GetHashCode() => _hash;

    /// <summary>Ring order: token, then bytes (to separate token collisions deterministically).</summary>
    public int CompareTo(PartitionKey? other)
    {
        if (other is null) return 1;
        int c = Token.CompareTo(other.Token);
        return c != 0 ? c : Bytes.AsSpan().SequenceCompareTo(other.Bytes);
    }
}
