using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Transforms.Support;

/// <summary>
/// Converts a JSON value from the configuration into the CLR value the value codec expects for a CQL type
/// (see CqlValueCodec for the mapping). Strings are accepted wherever CQL would accept a string literal
/// (uuids, inet, timestamps, dates, times, "0x..." blobs).
/// </summary>
internal static class JsonCqlValue
{
    /// <exception cref="FormatException">The JSON value does not fit the type; the message says what was expected.</exception>
    public static object? Convert(JsonElement e, CqlType type)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        try
        {
            return type.Code switch
            {
                CqlTypeCode.Varchar or CqlTypeCode.Ascii => e.GetString() ?? throw Expected(type),
                CqlTypeCode.Int => e.GetInt32(),
                CqlTypeCode.Bigint or CqlTypeCode.Counter => e.GetInt64(),
                CqlTypeCode.Smallint => e.GetInt16(),
                CqlTypeCode.Tinyint => e.GetSByte(),
                CqlTypeCode.Varint => BigInteger.Parse(e.GetRawText().Trim('"'), CultureInfo.InvariantCulture),
                CqlTypeCode.Double => e.GetDouble(),
                CqlTypeCode.Float => e.GetSingle(),
                CqlTypeCode.Decimal => CqlDecimal.FromDecimal(e.ValueKind == JsonValueKind.String ? decimal.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDecimal()),
                CqlTypeCode.Boolean => e.GetBoolean(),
                CqlTypeCode.Uuid or CqlTypeCode.Timeuuid => Guid.Parse(e.GetString()!),
                CqlTypeCode.Inet => IPAddress.Parse(e.GetString()!),
                CqlTypeCode.Timestamp => e.ValueKind == JsonValueKind.Number
                    ? DateTimeOffset.FromUnixTimeMilliseconds(e.GetInt64())
                    : DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
                CqlTypeCode.Date => CqlDate.FromDateOnly(DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
                CqlTypeCode.Time => CqlTime.FromTimeSpan(TimeSpan.Parse(e.GetString()!, CultureInfo.InvariantCulture)),
                CqlTypeCode.Blob => System.Convert.FromHexString(StripHex(e.GetString()!)),
                CqlTypeCode.List or CqlTypeCode.Set when type is ListType l => e.EnumerateArray().Select(x => Convert(x, l.Element)).ToList(),
                CqlTypeCode.Set when type is SetType s => e.EnumerateArray().Select(x => Convert(x, s.Element)).ToList(),
                CqlTypeCode.Map when type is MapType m => e.EnumerateObject()
                    .Select(p => new KeyValuePair<object?, object?>(Convert(JsonDocument.Parse(JsonSerializer.Serialize(p.Name)).RootElement, m.Key), Convert(p.Value, m.Value)))
                    .ToList(),
                _ => throw new FormatException($"values of type {type} cannot be configured"),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw ex is FormatException f && f.Message.StartsWith("values of type", StringComparison.Ordinal) ? f : Expected(type);
        }
    }

    private static string StripHex(string s) => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;

    private static FormatException Expected(CqlType type) => new($"expected a JSON value for CQL type {type}");
}
