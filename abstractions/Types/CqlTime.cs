namespace ScriptProxy.Abstractions.Types;

/// <summary>time: nanoseconds since midnight, 0 to 86399999999999 (spec section 5.17).</summary>
public readonly record struct CqlTime(long Nanoseconds)
{
    public const long MaxNanoseconds = 86_399_999_999_999;

    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);

    public static CqlTime FromTimeSpan(TimeSpan value) => new(value.Ticks * 100);

    public override string ToString()
    {
        long ns = Nanoseconds;
        return $"{ns / 3_600_000_000_000:00}:{ns / 60_000_000_000 % 60:00}:{ns / 1_000_000_000 % 60:00}.{ns % 1_000_000_000:000000000}";
    }
}
