using System.Globalization;
using System.Net;
using System.Numerics;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Host.Upstreams.Cluster.Routing;

/// <summary>
/// Serializes a CQL literal as the value bytes of a partition key column of a given type (what the node will hash),
/// for the types keys are commonly made of. Returns false for anything it cannot convert with certainty.
/// </summary>
internal static class LiteralKeyEncoder
{
    public static bool TryEncode(CqlType type, CqlLiteral literal, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(type);
        bytes = [];
        try
        {
            object? value = ToClr(type.ToString().ToLowerInvariant(), literal);
            if (value is null) return false;
            bytes = CqlValueCodec.Serialize(type, value, 4);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static object? ToClr(string type, CqlLiteral literal)
    {
        var inv = CultureInfo.InvariantCulture;
        string text = literal.Text;
        return (type, literal.Kind) switch
        {
            ("text" or "varchar" or "ascii", CqlLiteralKind.String) => text,
            ("int", CqlLiteralKind.Number) => int.TryParse(text, NumberStyles.AllowLeadingSign, inv, out int i) ? i : null,
            ("bigint" or "counter", CqlLiteralKind.Number) => long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out long l) ? l : null,
            ("smallint", CqlLiteralKind.Number) => short.TryParse(text, NumberStyles.AllowLeadingSign, inv, out short s) ? s : null,
            ("tinyint", CqlLiteralKind.Number) => sbyte.TryParse(text, NumberStyles.AllowLeadingSign, inv, out sbyte b) ? b : null,
            ("varint", CqlLiteralKind.Number) => BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var v) ? v : null,
            ("double", CqlLiteralKind.Number) => double.TryParse(text, NumberStyles.Float, inv, out double d) ? d : null,
            ("float", CqlLiteralKind.Number) => float.TryParse(text, NumberStyles.Float, inv, out float f) ? f : null,
            ("timestamp", CqlLiteralKind.Number) => long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            ("uuid" or "timeuuid", CqlLiteralKind.Uuid) => Guid.Parse(text),
            ("boolean", CqlLiteralKind.Boolean) => text == "true",
            ("blob", CqlLiteralKind.Blob) => Convert.FromHexString(text.AsSpan(2)),
            ("inet", CqlLiteralKind.String) => IPAddress.TryParse(text, out var a) ? a : null,
            _ => null,
        };
    }
}
