using System.Diagnostics;

namespace ScriptProxy.Bench.Load;

/// <summary>
/// Records latencies from any thread without contention: each thread writes its own histogram (found through a
/// thread-static), and <see cref="Snapshot"/> merges them. Recording is on only between <see cref="Start"/> and
/// <see cref="Stop"/>, so warm-up requests are not counted.
/// </summary>
public sealed class LatencyRecorder
{
    private static int s_nextId;

    [ThreadStatic]
    private static LatencyHistogram? t_histogram;

    [ThreadStatic]
    private static int t_owner;

    private readonly int _id = Interlocked.Increment(ref s_nextId);
    private readonly List<LatencyHistogram> _all = [];
    private readonly Lock _lock = new();
    private volatile bool _recording;
    private long _errors;
    private long _startTicks;
    private long _stopTicks;

    public bool IsRecording => _recording;

    public void Start()
    {
        _startTicks = Stopwatch.GetTimestamp();
        _recording = true;
    }

    public void Stop()
    {
        _recording = false;
        _stopTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>Seconds between Start and Stop.</summary>
    public double Seconds => Stopwatch.GetElapsedTime(_startTicks, _stopTicks).TotalSeconds;

    public long Errors => Interlocked.Read(ref _errors);

    public void Record(long startTimestamp, long endTimestamp, bool error)
    {
        if (!_recording) return;
        if (error)
        {
            Interlocked.Increment(ref _errors);
            return;
        }
        var histogram = t_histogram;
        if (histogram is null || t_owner != _id) histogram = Attach();
        histogram.Record((long)((endTimestamp - startTimestamp) * TicksToNanoseconds));
    }

    private static readonly double TicksToNanoseconds = 1e9 / Stopwatch.Frequency;

    private LatencyHistogram Attach()
    {
        var histogram = new LatencyHistogram();
        lock (_lock) _all.Add(histogram);
        t_histogram = histogram;
        t_owner = _id;
        return histogram;
    }

    /// <summary>All threads' histograms merged (call after <see cref="Stop"/>).</summary>
    public LatencyHistogram Snapshot()
    {
        var merged = new LatencyHistogram();
        lock (_lock)
        {
            foreach (var h in _all) merged.Add(h);
        }
        return merged;
    }
}
