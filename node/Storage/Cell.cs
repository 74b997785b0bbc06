namespace ScriptProxy.Node.Storage;

/// <summary>
/// One stored value with its write timestamp (microseconds) and expiry. A null Value is a tombstone: it is kept
/// so that an older write arriving later cannot resurrect the column (last write wins by timestamp).
/// </summary>
internal readonly record struct Cell(object? Value, long Timestamp, int Ttl, long ExpiresAtMicros)
{
    public const long Never = long.MaxValue;

    public bool IsLive(long nowMicros) => Value is not null && nowMicros < ExpiresAtMicros;

    /// <summary>Cassandra's reconciliation: higher timestamp wins; on a tie a tombstone wins, then the later write.</summary>
    public static bool Supersedes(in Cell incoming, in Cell existing) =>
        incoming.Timestamp > existing.Timestamp ||
        (incoming.Timestamp == existing.Timestamp && (incoming.Value is null || existing.Value is not null));
}
