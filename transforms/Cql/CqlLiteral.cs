using System.Globalization;
using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Transforms.Cql;

/// <summary>
/// Converts a single literal token into the CLR value of a scalar CQL type (the value codec's mapping), as
/// Cassandra would read it: 'text', 42, 1.5, true, uuids, 0x blobs, '2024-01-02' dates, '12:00:00' times, timestamps
/// as ISO strings or epoch milliseconds, inet as a quoted address.
/// </summary>
internal static class CqlLiteral
{
    /// <summary>True and the value (null for the literal null) when the token is a valid literal of <paramref name="type"/>.</summary>
    public static bool TryConvert(CqlToken token, CqlType type, out object? value)
    {
        value = null;
        if (token.Is("null")) return true;
        var inv = CultureInfo.InvariantCulture;
        string v = token.Value;
        switch (type.Code, token.Kind)
        {
            case (CqlTypeCode.Varchar or CqlTypeCode.Ascii, CqlTokenKind.String):
                value = v;
                return true;
            case (CqlTypeCode.Int, CqlTokenKind.Integer) when int.TryParse(v, inv, out int i):
                value = i;
                return true;
            case (CqlTypeCode.Bigint or CqlTypeCode.Counter, CqlTokenKind.Integer) when long.TryParse(v, inv, out long l):
                value = l;
                return true;
            case (CqlTypeCode.Smallint, CqlTokenKind.Integer) when short.TryParse(v, inv, out short s):
                value = s;
                return true;
            case (CqlTypeCode.Tinyint, CqlTokenKind.Integer) when sbyte.TryParse(v, inv, out sbyte b):
                value = b;
                return true;
            case (CqlTypeCode.Varint, CqlTokenKind.Integer) when BigInteger.TryParse(v, inv, out var big):
                value = big;
                return true;
            case (CqlTypeCode.Double, CqlTokenKind.Integer or CqlTokenKind.Float) when double.TryParse(v, inv, out double d):
                value = d;
                return true;
            case (CqlTypeCode.Float, CqlTokenKind.Integer or CqlTokenKind.Float) when float.TryParse(v, inv, out float f):
                value = f;
                return true;
            case (CqlTypeCode.Double or CqlTypeCode.Float, CqlTokenKind.Identifier) when v is "nan" or "infinity":
                value = type.Code == CqlTypeCode.Double ? (v == "nan" ? double.NaN : double.PositiveInfinity) : (object)(v == "nan" ? float.NaN : float.PositiveInfinity);
                return true;
            case (CqlTypeCode.Decimal, CqlTokenKind.Integer or CqlTokenKind.Float):
                return TryDecimal(v, out value);
            case (CqlTypeCode.Boolean, CqlTokenKind.Identifier) when v is "true" or "false":
                value = v == "true";
                return true;
            case (CqlTypeCode.Uuid or CqlTypeCode.Timeuuid, CqlTokenKind.Uuid):
                value = Guid.Parse(v);
                return true;
            case (CqlTypeCode.Blob, CqlTokenKind.Hex) when v.Length % 2 == 0:
                value = Convert.FromHexString(v);
                return true;
            case (CqlTypeCode.Inet, CqlTokenKind.String) when IPAddress.TryParse(v, out var ip):
                value = ip;
                return true;
            case (CqlTypeCode.Timestamp, CqlTokenKind.Integer) when long.TryParse(v, inv, out long ms):
                value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                return true;
            case (CqlTypeCode.Timestamp, CqlTokenKind.String) when DateTimeOffset.TryParse(v, inv, DateTimeStyles.AssumeUniversal, out var ts):
                value = ts.ToUniversalTime();
                return true;
            case (CqlTypeCode.Date, CqlTokenKind.String) when DateOnly.TryParseExact(v, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date):
                value = CqlDate.FromDateOnly(date);
                return true;
            case (CqlTypeCode.Time, CqlTokenKind.String) when TimeSpan.TryParse(v, inv, out var time) && time >= TimeSpan.Zero && time < TimeSpan.FromDays(1):
                value = CqlTime.FromTimeSpan(time);
                return true;
            default:
                return false;
        }
    }

    private static bool TryDecimal(string text, out object? value)
    {
        value = null;
        string mantissa = text;
        int exponent = 0;
        int e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return false;
            mantissa = text[..e];
        }
        int dot = mantissa.IndexOf('.');
        int scale = dot < 0 ? 0 : mantissa.Length - dot - 1;
        if (!BigInteger.TryParse(mantissa.Replace(".", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unscaled)) return false;
        value = new CqlDecimal(unscaled, scale - exponent);
        return true;
    }
}
