using System.Globalization;
using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Execution.Terms;

/// <summary>Reads a CQL constant as a value of the receiving type, with Cassandra's "Invalid X constant" errors.</summary>
internal static class LiteralConverter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static object? Convert(LiteralTerm lit, CqlType type, string receiver)
    {
        if (lit.Kind == LiteralKind.Null) return null;
        try
        {
            object? v = TryConvert(lit, type);
            if (v is not null) return v;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw CqlException.Invalid($"Unable to make {type} from '{lit.Text}'");
        }
        throw CqlException.Invalid($"Invalid {KindName(lit.Kind)} constant ({lit.Text}) for \"{receiver}\" of type {type}");
    }

    private static string KindName(LiteralKind k) => k switch
    {
        LiteralKind.String => "STRING",
        LiteralKind.Integer => "INTEGER",
        LiteralKind.Float => "FLOAT",
        LiteralKind.Hex => "HEX",
        LiteralKind.Uuid => "UUID",
        LiteralKind.Boolean => "BOOLEAN",
        LiteralKind.Duration => "DURATION",
        _ => k.ToString().ToUpperInvariant(),
    };

    private static object? TryConvert(LiteralTerm lit, CqlType type)
    {
        string t = lit.Text;
        switch (lit.Kind)
        {
            case LiteralKind.String:
                return type.Code switch
                {
                    CqlTypeCode.Varchar or CqlTypeCode.Ascii => t,
                    CqlTypeCode.Timestamp => ParseTimestamp(t),
                    CqlTypeCode.Date => ParseDate(t),
                    CqlTypeCode.Time => ParseTime(t),
                    CqlTypeCode.Inet => IPAddress.Parse(t),
                    CqlTypeCode.Uuid or CqlTypeCode.Timeuuid => Guid.Parse(t),
                    CqlTypeCode.Duration => DurationParser.Parse(t),
                    CqlTypeCode.Int or CqlTypeCode.Bigint or CqlTypeCode.Smallint or CqlTypeCode.Tinyint or CqlTypeCode.Varint
                        or CqlTypeCode.Counter or CqlTypeCode.Double or CqlTypeCode.Float or CqlTypeCode.Decimal or CqlTypeCode.Boolean
                        => TryConvert(new LiteralTerm(Reclassify(t), t), type),
                    _ => null,
                };
            case LiteralKind.Integer:
                return type.Code switch
                {
                    CqlTypeCode.Int => int.Parse(t, Inv),
                    CqlTypeCode.Bigint or CqlTypeCode.Counter => long.Parse(t, Inv),
                    CqlTypeCode.Smallint => short.Parse(t, Inv),
                    CqlTypeCode.Tinyint => sbyte.Parse(t, Inv),
                    CqlTypeCode.Varint => BigInteger.Parse(t, Inv),
                    CqlTypeCode.Double => double.Parse(t, Inv),
                    CqlTypeCode.Float => float.Parse(t, Inv),
                    CqlTypeCode.Decimal => ParseDecimal(t),
                    CqlTypeCode.Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(t, Inv)),
                    CqlTypeCode.Date => new CqlDate(uint.Parse(t, Inv)),
                    CqlTypeCode.Time => new CqlTime(long.Parse(t, Inv)),
                    _ => null,
                };
            case LiteralKind.Float:
                return type.Code switch
                {
                    CqlTypeCode.Double => ParseDouble(t),
                    CqlTypeCode.Float => (float)ParseDouble(t),
                    CqlTypeCode.Decimal => ParseDecimal(t),
                    _ => null,
                };
            case LiteralKind.Hex:
                return type.Code is CqlTypeCode.Blob or CqlTypeCode.Custom ? System.Convert.FromHexString(t.Length % 2 == 1 ? "0" + t : t) : null;
            case LiteralKind.Uuid:
                return type.Code is CqlTypeCode.Uuid or CqlTypeCode.Timeuuid ? Guid.Parse(t) : null;
            case LiteralKind.Boolean:
                return type.Code == CqlTypeCode.Boolean ? t == "true" : null;
            case LiteralKind.Duration:
                return type.Code == CqlTypeCode.Duration ? DurationParser.Parse(t) : null;
            default:
                return null;
        }
    }

    private static LiteralKind Reclassify(string t) =>
        t is "true" or "false" ? LiteralKind.Boolean :
        t.Contains('.') || t.Contains('e') || t.Contains('E') ? LiteralKind.Float : LiteralKind.Integer;

    private static double ParseDouble(string t) => t switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.Parse(t, NumberStyles.Float, Inv),
    };

    public static CqlDecimal ParseDecimal(string t)
    {
        int exp = 0;
        int e = t.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exp = int.Parse(t[(e + 1)..], Inv);
            t = t[..e];
        }
        int dot = t.IndexOf('.');
        int scale = 0;
        if (dot >= 0)
        {
            scale = t.Length - dot - 1;
            t = t.Remove(dot, 1);
        }
        return new CqlDecimal(BigInteger.Parse(t, Inv), scale - exp);
    }

    public static DateTimeOffset ParseTimestamp(string t)
    {
        if (long.TryParse(t, NumberStyles.Integer, Inv, out long ms)) return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        string s = t.Trim().Replace(' ', 'T');
        // Cassandra accepts +hhmm offsets without a colon; .NET wants +hh:mm.
        if (s.Length > 5 && (s[^5] == '+' || s[^5] == '-') && char.IsAsciiDigit(s[^1]) && s.IndexOf('T') > 0) s = s[..^2] + ":" + s[^2..];
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.Parse(s, Inv, styles).ToUniversalTime();
    }

    public static CqlDate ParseDate(string t)
    {
        if (long.TryParse(t, NumberStyles.Integer, Inv, out long raw)) return new CqlDate((uint)raw);
        return CqlDate.FromDateOnly(DateOnly.ParseExact(t, ["yyyy-MM-dd", "yyyy-M-d"], Inv));
    }

    public static CqlTime ParseTime(string t)
    {
        if (long.TryParse(t, NumberStyles.Integer, Inv, out long ns)) return new CqlTime(ns);
        var parts = t.Split(':');
        if (parts.Length != 3) throw new FormatException();
        long h = long.Parse(parts[0], Inv), m = long.Parse(parts[1], Inv);
        var secParts = parts[2].Split('.');
        long s = long.Parse(secParts[0], Inv);
        long frac = secParts.Length > 1 ? long.Parse(secParts[1].PadRight(9, '0')[..9], Inv) : 0;
        long total = ((h * 60 + m) * 60 + s) * 1_000_000_000 + frac;
        if (h > 23 || m > 59 || s > 59) throw new FormatException();
        return new CqlTime(total);
    }
}
