using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>Values as Cassandra's toJson / SELECT JSON render them.</summary>
internal static class JsonFormatter
{
    public static string Format(CqlType type, object? value)
    {
        var sb = new StringBuilder();
        Write(sb, type, value);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, CqlType type, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); return;
            case bool b: sb.Append(b ? "true" : "false"); return;
            case int or long or short or sbyte or System.Numerics.BigInteger: sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); return;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); return;
            case float f: sb.Append(f.ToString("R", CultureInfo.InvariantCulture)); return;
            case CqlDecimal dec: sb.Append(dec.ToString()); return;
            case string s: sb.Append(JsonSerializer.Serialize(s)); return;
            case byte[] bytes: sb.Append("\"0x").Append(Convert.ToHexStringLower(bytes)).Append('"'); return;
            case DateTimeOffset ts: sb.Append('"').Append(ts.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append('"'); return;
            case UdtValue u:
                sb.Append('{');
                for (int i = 0; i < u.Type.Fields.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(JsonSerializer.Serialize(u.Type.Fields[i].Name)).Append(": ");
                    Write(sb, u.Type.Fields[i].Type, i < u.Values.Count ? u.Values[i] : null);
                }
                sb.Append('}');
                return;
        }
        if (type is MapType mt && value is IList map)
        {
            sb.Append('{');
            bool first = true;
            foreach (KeyValuePair<object?, object?> kv in map)
            {
                if (!first) sb.Append(", ");
                first = false;
                string key = Format(mt.Key, kv.Key);
                sb.Append(key.StartsWith('"') ? key : JsonSerializer.Serialize(key)).Append(": ");
                Write(sb, mt.Value, kv.Value);
            }
            sb.Append('}');
            return;
        }
        if (value is IList list)
        {
            var element = type switch { ListType l => l.Element, SetType st => st.Element, _ => null };
            var tuple = type as TupleType;
            sb.Append('[');
            for (int i = 0; i < list.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Write(sb, element ?? tuple?.Elements[i] ?? CqlType.Text, list[i]);
            }
            sb.Append(']');
            return;
        }
        sb.Append('"').Append(value).Append('"');
    }
}
