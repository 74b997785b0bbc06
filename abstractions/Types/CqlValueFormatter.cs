using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace ScriptProxy.Abstractions.Types;

/// <summary>Renders values as CQL literals (for logs and for the embedded node's CQL output).</summary>
internal static class CqlValueFormatter
{
    public static string Format(CqlType type, object? value)
    {
        var sb = new StringBuilder();
        Append(sb, type, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, CqlType type, object? value)
    {
        if (value is null)
        {
            sb.Append("null");
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        switch (value)
        {
            case string s when type.Code is not (CqlTypeCode.Uuid or CqlTypeCode.Timeuuid):
                AppendQuoted(sb, s);
                return;
            case byte[] b:
                sb.Append("0x").Append(Convert.ToHexStringLower(b));
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", inv));
                return;
            case float f:
                sb.Append(float.IsNaN(f) ? "NaN" : float.IsPositiveInfinity(f) ? "Infinity" : float.IsNegativeInfinity(f) ? "-Infinity" : f.ToString("R", inv));
                return;
            case DateTimeOffset ts:
                sb.Append('\'').Append(ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", inv)).Append('\'');
                return;
            case DateTime dt:
                sb.Append('\'').Append(dt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", inv)).Append('\'');
                return;
            case CqlDate d:
                // Outside DateOnly's range CQL accepts the raw unsigned day number as a literal.
                long dayNumber = d.DaysSinceEpoch + new DateOnly(1970, 1, 1).DayNumber;
                if (dayNumber is >= 0 and <= 3652058) sb.Append('\'').Append(d.ToString()).Append('\'');
                else sb.Append(d.Raw.ToString(inv));
                return;
            case CqlTime or System.Net.IPAddress or DateOnly or TimeSpan:
                sb.Append('\'').Append(Convert.ToString(value, inv)).Append('\'');
                return;
            case CqlDuration dur:
                AppendDuration(sb, dur);
                return;
            case Guid or CqlDecimal or BigInteger or decimal:
                sb.Append(Convert.ToString(value, inv));
                return;
            case UdtValue udt:
                AppendUdt(sb, udt);
                return;
        }

        switch (type)
        {
            case ListType l when value is IEnumerable items:
                AppendElements(sb, l.Element, items, '[', ']');
                return;
            case SetType s when value is IEnumerable items:
                AppendElements(sb, s.Element, items, '{', '}');
                return;
            case MapType m when value is IEnumerable entries:
                AppendMap(sb, m, entries);
                return;
            case TupleType t when value is object?[] or ITuple:
                AppendTuple(sb, t, value);
                return;
        }
        sb.Append(value is IFormattable fmt ? fmt.ToString(null, inv) : value.ToString());
    }

    private static void AppendQuoted(StringBuilder sb, string s) => sb.Append('\'').Append(s.Replace("'", "''")).Append('\'');

    private static void AppendDuration(StringBuilder sb, CqlDuration d)
    {
        // CQL duration literals carry one leading sign; the components of a valid duration share it.
        bool negative = d.Months < 0 || d.Days < 0 || d.Nanoseconds < 0;
        if (negative) sb.Append('-');
        long months = Math.Abs((long)d.Months), days = Math.Abs((long)d.Days);
        ulong nanos = d.Nanoseconds == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(d.Nanoseconds);
        if (months != 0) sb.Append(months).Append("mo");
        if (days != 0) sb.Append(days).Append('d');
        if (nanos != 0 || (months == 0 && days == 0)) sb.Append(nanos).Append("ns");
    }

    private static void AppendElements(StringBuilder sb, CqlType elementType, IEnumerable items, char open, char close)
    {
        sb.Append(open);
        bool first = true;
        foreach (object? item in items)
        {
            if (!first) sb.Append(", ");
            first = false;
            Append(sb, elementType, item);
        }
        sb.Append(close);
    }

    private static void AppendMap(StringBuilder sb, MapType type, IEnumerable entries)
    {
        sb.Append('{');
        bool first = true;
        if (entries is IDictionary dictionary)
        {
            foreach (DictionaryEntry e in dictionary)
            {
                AppendEntry(sb, type, e.Key, e.Value, ref first);
            }
        }
        else
        {
            foreach (object? entry in entries)
            {
                CqlValueConverter.TryGetPair(entry, out object? k, out object? v);
                AppendEntry(sb, type, k, v, ref first);
            }
        }
        sb.Append('}');
    }

    private static void AppendEntry(StringBuilder sb, MapType type, object? key, object? value, ref bool first)
    {
        if (!first) sb.Append(", ");
        first = false;
        Append(sb, type.Key, key);
        sb.Append(": ");
        Append(sb, type.Value, value);
    }

    private static void AppendTuple(StringBuilder sb, TupleType type, object value)
    {
        sb.Append('(');
        int n = value is object?[] a ? a.Length : ((ITuple)value).Length;
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(", ");
            object? item = value is object?[] arr ? arr[i] : ((ITuple)value)[i];
            Append(sb, i < type.Elements.Count ? type.Elements[i] : CqlType.Blob, item);
        }
        sb.Append(')');
    }

    private static void AppendUdt(StringBuilder sb, UdtValue udt)
    {
        sb.Append('{');
        for (int i = 0; i < udt.Values.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendIdentifier(sb, udt.Type.Fields[i].Name);
            sb.Append(": ");
            Append(sb, udt.Type.Fields[i].Type, udt.Values[i]);
        }
        sb.Append('}');
    }

    /// <summary>Unquoted when it is a plain lower-case identifier, otherwise double-quoted with "" escaping.</summary>
    private static void AppendIdentifier(StringBuilder sb, string name)
    {
        bool plain = name.Length > 0 && char.IsAsciiLetterLower(name[0]);
        foreach (char c in name) plain &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_';
        if (plain) sb.Append(name);
        else sb.Append('"').Append(name.Replace("\"", "\"\"")).Append('"');
    }
}
