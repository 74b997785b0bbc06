namespace ScriptProxy.Node.Hosting;

/// <summary>
/// Counters of one running node, readable in-process so tests can prove where requests landed. A partition is
/// "owned" when this node is its primary replica by Murmur3 token (see <see cref="EmbeddedNodeOptions.Tokens"/> and
/// the peers' tokens), "foreign" otherwise; foreign partitions are still stored and served, only counted.
/// </summary>
public sealed class NodeStatistics
{
    private long _requests;
    private long _owned;
    private long _foreign;

    /// <summary>QUERY, PREPARE, EXECUTE and BATCH requests answered (handshake and REGISTER are not counted).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Partitions addressed by key (writes, and reads naming the whole partition key) that this node owns.</summary>
    public long OwnedPartitions => Interlocked.Read(ref _owned);

    /// <summary>Partitions addressed by key whose token another node owns.</summary>
    public long ForeignPartitions => Interlocked.Read(ref _foreign);

    /// <summary>Sets every counter back to zero (e.g. after a driver's connection warm-up).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _owned, 0);
        Interlocked.Exchange(ref _foreign, 0);
    }

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountPartition(bool owned)
    {
        if (owned) Interlocked.Increment(ref _owned);
        else Interlocked.Increment(ref _foreign);
    }

    /// <inheritdoc />
    public override string ToString() => $"requests={Requests} owned={OwnedPartitions} foreign={ForeignPartitions}";
}
