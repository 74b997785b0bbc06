using System.Text;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Execution.Terms;

/// <summary>
/// Native scalar functions usable in terms and selectors: now(), uuid(), currentTimestamp() and friends, time
/// conversions (toTimestamp, toDate, toUnixTimestamp, dateOf, unixTimestampOf, min/maxTimeuuid) and
/// typeAsBlob / blobAsType conversions.
/// </summary>
internal static class CqlFunctions
{
    /// <summary>The type a function expects for argument 0 (used to read literal arguments), or null if it takes none.</summary>
    public static CqlType? ArgumentType(string name, CqlType? actual)
    {
        switch (name)
        {
            case "totimestamp" or "todate" or "tounixtimestamp":
                return actual ?? CqlType.Timeuuid;
            case "dateof" or "unixtimestampof":
                return CqlType.Timeuuid;
            case "mintimeuuid" or "maxtimeuuid":
                return CqlType.Timestamp;
        }
        if (name.StartsWith("blobas", StringComparison.Ordinal)) return CqlType.Blob;
        if (name.EndsWith("asblob", StringComparison.Ordinal)) return NativeByName(name[..^6]);
        return null;
    }

    public static CqlType? NativeByName(string name) =>
        name == "varchar" ? CqlType.Text : CqlType.Natives.FirstOrDefault(n => n.ToString() == name);

    /// <summary>Calls a function on already-evaluated arguments; returns the value and its type.</summary>
    public static (object? Value, CqlType Type) Call(string name, IReadOnlyList<(object? Value, CqlType Type)> args)
    {
        object? A(int i) => i < args.Count ? args[i].Value : throw CqlException.Invalid($"Invalid number of arguments in call to function system.{name}");
        switch (name)
        {
            case "now" or "currenttimeuuid": return (TimeUuid.Now(), CqlType.Timeuuid);
            case "uuid": return (Guid.NewGuid(), CqlType.Uuid);
            case "currenttimestamp": return (DateTimeOffset.UtcNow, CqlType.Timestamp);
            case "currentdate": return (CqlDate.FromDateOnly(DateOnly.FromDateTime(DateTime.UtcNow)), CqlType.Date);
            case "currenttime": return (new CqlTime((DateTime.UtcNow.TimeOfDay.Ticks) * 100), CqlType.Time);
            case "totimestamp" or "dateof": return (ToTimestamp(A(0)), CqlType.Timestamp);
            case "tounixtimestamp" or "unixtimestampof": return (ToTimestamp(A(0)) is { } ts ? ts.ToUnixTimeMilliseconds() : null, CqlType.Bigint);
            case "todate":
                return (ToTimestamp(A(0)) is { } d ? CqlDate.FromDaysSinceEpoch((long)Math.Floor(d.ToUnixTimeMilliseconds() / 86_400_000.0)) : null, CqlType.Date);
            case "mintimeuuid" or "maxtimeuuid":
                return (A(0) is DateTimeOffset at ? TimeUuid.Bound(at, name == "maxtimeuuid") : null, CqlType.Timeuuid);
        }
        if (name.EndsWith("asblob", StringComparison.Ordinal) && NativeByName(name[..^6]) is { } from)
            return (A(0) is null ? null : CqlValueCodec.Serialize(from, A(0), 4), CqlType.Blob);
        if (name.StartsWith("blobas", StringComparison.Ordinal) && NativeByName(name[6..]) is { } to)
            return (A(0) is byte[] b ? CqlValueCodec.Decode(to, b, 4) : null, to);
        if (name == "blobastext") return (A(0) is byte[] t ? Encoding.UTF8.GetString(t) : null, CqlType.Text);
        throw CqlException.Invalid($"Unknown function '{name}'");
    }

    private static DateTimeOffset? ToTimestamp(object? v) => v switch
    {
        null => null,
        Guid g => TimeUuid.ToTimestamp(g),
        DateTimeOffset d => d,
        CqlDate date => DateTimeOffset.FromUnixTimeMilliseconds(date.DaysSinceEpoch * 86_400_000),
        _ => throw CqlException.Invalid("Invalid argument type for time conversion function"),
    };

    /// <summary>True for functions whose value changes per call (not allowed to be folded at prepare time).</summary>
    public static bool IsKnown(string name) => ArgumentType(name, null) is not null ||
        name is "now" or "currenttimeuuid" or "uuid" or "currenttimestamp" or "currentdate" or "currenttime";
}
