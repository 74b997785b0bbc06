namespace ScriptProxy.Fuzz;

/// <summary>What the TCP fuzzer saw: cases sent, how they were answered, and every invariant violation.</summary>
public sealed class ProxyFuzzReport
{
    private long _cases;
    private long _connections;
    private long _upstreamAnswers;
    private long _proxyErrors;
    private long _closedAsExpected;

    public long Cases => Interlocked.Read(ref _cases);

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Requests the proxy forwarded and the fake upstream answered.</summary>
    public long UpstreamAnswers => Interlocked.Read(ref _upstreamAnswers);

    /// <summary>Requests the proxy answered itself with ERROR 0x000A.</summary>
    public long ProxyErrors => Interlocked.Read(ref _proxyErrors);

    /// <summary>Connections the proxy closed after a framing-fatal frame.</summary>
    public long ClosedAsExpected => Interlocked.Read(ref _closedAsExpected);

    /// <summary>Largest managed heap seen during the run (bytes).</summary>
    public long PeakHeapBytes { get; set; }

    public List<string> Violations { get; } = [];

    /// <summary>Takes one case from the budget; false when it is used up.</summary>
    public bool TakeCase(long budget) => Interlocked.Increment(ref _cases) <= budget || Undo();

    private bool Undo()
    {
        Interlocked.Decrement(ref _cases);
        return false;
    }

    public void Connected() => Interlocked.Increment(ref _connections);

    public void UpstreamAnswered() => Interlocked.Increment(ref _upstreamAnswers);

    public void ProxyErrored() => Interlocked.Increment(ref _proxyErrors);

    public void Closed() => Interlocked.Increment(ref _closedAsExpected);

    public void Violation(string what)
    {
        lock (Violations)
        {
            if (Violations.Count < 50) Violations.Add(what);
        }
    }

    public override string ToString() =>
        $"{Cases:N0} cases over {Connections:N0} connections: {UpstreamAnswers:N0} forwarded and answered, {ProxyErrors:N0} ERROR 0x000A from the proxy, " +
        $"{ClosedAsExpected:N0} connections closed after a framing-fatal frame, peak heap {PeakHeapBytes / (1 << 20)} MiB, {Violations.Count} violations";
}
