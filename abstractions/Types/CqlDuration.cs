namespace ScriptProxy.Abstractions.Types;

/// <summary>duration: months, days and nanoseconds, each a [vint] (spec section 5.8).</summary>
public readonly record struct CqlDuration(int Months, int Days, long Nanoseconds)
{
    public override string ToString() => $"{Months}mo{Days}d{Nanoseconds}ns";
}
