namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>A clock that moves only when the test says so (timestamps only; no timers).</summary>
public sealed class ManualTime : TimeProvider
{
    private long _ticks = 1_000_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
