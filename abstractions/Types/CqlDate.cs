namespace ScriptProxy.Abstractions.Types;

/// <summary>date: an unsigned day count with the epoch (1970-01-01) at 2^31 (spec section 5.5).</summary>
public readonly record struct CqlDate(uint Raw)
{
    private const uint EpochOffset = 1u << 31;
    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public long DaysSinceEpoch => (long)Raw - EpochOffset;

    public static CqlDate FromDateOnly(DateOnly date) => new((uint)(date.DayNumber - UnixEpochDayNumber + EpochOffset));

    public static CqlDate FromDaysSinceEpoch(long days) => new((uint)(days + EpochOffset));

    /// <summary>The calendar date; throws when outside DateOnly's range (years 1 to 9999).</summary>
    public DateOnly ToDateOnly() => DateOnly.FromDayNumber(checked((int)(DaysSinceEpoch + UnixEpochDayNumber)));

    public override string ToString()
    {
        long dayNumber = DaysSinceEpoch + UnixEpochDayNumber;
        return dayNumber is >= 0 and <= 3652058 ? DateOnly.FromDayNumber((int)dayNumber).ToString("yyyy-MM-dd") : DaysSinceEpoch.ToString();
    }
}
