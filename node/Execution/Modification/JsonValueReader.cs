using System.Globalization;
using System.Text.Json;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>INSERT JSON: a JSON object to column values (strings are read as CQL literals of the column type).</summary>
internal static class JsonValueReader
{
    public static IEnumerable<KeyValuePair<string, object?>> ReadObject(TableMetadata table, string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw CqlException.Invalid($"Could not decode JSON string as a map: {e.Message}");
        }
        using (doc)
        {
            var result = new List<KeyValuePair<string, object?>>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                string name = prop.Name.StartsWith('"') ? prop.Name.Trim('"') : prop.Name.ToLowerInvariant();
                var col = table.Find(name) ?? throw CqlException.Invalid($"JSON values map contains unrecognized column: {name}");
                result.Add(new(col.Name, Read(col.Type, prop.Value, col.Name)));
            }
            return result;
        }
    }

    private static object? Read(CqlType type, JsonElement e, string name)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True or JsonValueKind.False: return LiteralConverter.Convert(new LiteralTerm(LiteralKind.Boolean, e.GetBoolean() ? "true" : "false"), type, name);
            case JsonValueKind.Number:
            {
                string raw = e.GetRawText();
                var kind = raw.Contains('.') || raw.Contains('e') || raw.Contains('E') ? LiteralKind.Float : LiteralKind.Integer;
                return LiteralConverter.Convert(new LiteralTerm(kind, raw), type, name);
            }
            case JsonValueKind.String:
            {
                string s = e.GetString()!;
                if (type.Code is CqlTypeCode.Blob && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return Convert.FromHexString(s[2..]);
                return LiteralConverter.Convert(new LiteralTerm(LiteralKind.String, s), type, name);
            }
            case JsonValueKind.Array:
            {
                var element = type switch { ListType l => l.Element, SetType st => st.Element, _ => null };
                if (type is TupleType tt)
                    return e.EnumerateArray().Select((x, i) => Read(tt.Elements[i], x, name)).ToArray();
                if (element is null) throw CqlException.Invalid($"Invalid JSON array for {name} of type {type}");
                return TermEvaluator.Normalize(type, e.EnumerateArray().Select(x => Read(element, x, name)).ToList());
            }
            case JsonValueKind.Object:
            {
                if (type is MapType mt)
                {
                    var list = e.EnumerateObject().Select(p => new KeyValuePair<object?, object?>(
                        LiteralConverter.Convert(new LiteralTerm(mt.Key.Code is CqlTypeCode.Varchar or CqlTypeCode.Ascii ? LiteralKind.String
                            : (p.Name.Contains('.') ? LiteralKind.Float : LiteralKind.Integer), p.Name), mt.Key, name),
                        Read(mt.Value, p.Value, name))).ToList();
                    return TermEvaluator.Normalize(type, list);
                }
                if (type is UdtType ut)
                {
                    var values = new object?[ut.Fields.Count];
                    foreach (var p in e.EnumerateObject())
                    {
                        int i = ut.Fields.ToList().FindIndex(f => f.Name == p.Name);
                        if (i < 0) throw CqlException.Invalid($"Unknown field '{p.Name}' in value of user defined type {ut.Name}");
                        values[i] = Read(ut.Fields[i].Type, p.Value, name);
                    }
                    return new UdtValue(ut, values);
                }
                throw CqlException.Invalid($"Invalid JSON object for {name} of type {type}");
            }
            default:
                throw CqlException.Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid JSON value for {name}"));
        }
    }
}
