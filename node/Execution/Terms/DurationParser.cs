using System.Globalization;
using System.Text.RegularExpressions;
using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Node.Execution.Terms;

/// <summary>Duration literals: 1y2mo3w4d5h6m7s8ms9us10ns, ISO-8601 P1Y2M3DT4H5M6S / P2W, optionally negative.</summary>
internal static partial class DurationParser
{
    [GeneratedRegex(@"(\d+)(y|mo|w|d|h|ms|m|s|us|µs|ns)", RegexOptions.IgnoreCase)]
    private static partial Regex UnitPart();

    public static CqlDuration Parse(string text)
    {
        bool negative = text.StartsWith('-');
        string t = negative ? text[1..] : text;
        long months = 0, days = 0, nanos = 0;
        if (t.StartsWith('P') || t.StartsWith('p'))
        {
            bool time = false;
            string num = "";
            foreach (char c in t[1..].ToUpperInvariant())
            {
                if (char.IsAsciiDigit(c)) { num += c; continue; }
                if (c == 'T') { time = true; continue; }
                long n = long.Parse(num, CultureInfo.InvariantCulture);
                num = "";
                switch (c)
                {
                    case 'Y': months += 12 * n; break;
                    case 'M' when !time: months += n; break;
                    case 'W': days += 7 * n; break;
                    case 'D': days += n; break;
                    case 'H': nanos += n * 3_600_000_000_000; break;
                    case 'M': nanos += n * 60_000_000_000; break;
                    case 'S': nanos += n * 1_000_000_000; break;
                    default: throw new FormatException($"Invalid duration {text}");
                }
            }
        }
        else
        {
            int consumed = 0;
            foreach (Match m in UnitPart().Matches(t))
            {
                if (m.Index != consumed) throw new FormatException($"Invalid duration {text}");
                consumed += m.Length;
                long n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                switch (m.Groups[2].Value.ToLowerInvariant())
                {
                    case "y": months += 12 * n; break;
                    case "mo": months += n; break;
                    case "w": days += 7 * n; break;
                    case "d": days += n; break;
                    case "h": nanos += n * 3_600_000_000_000; break;
                    case "m": nanos += n * 60_000_000_000; break;
                    case "s": nanos += n * 1_000_000_000; break;
                    case "ms": nanos += n * 1_000_000; break;
                    case "us" or "µs": nanos += n * 1_000; break;
                    default: nanos += n; break;
                }
            }
            if (consumed != t.Length || consumed == 0) throw new FormatException($"Invalid duration {text}");
        }
        int sign = negative ? -1 : 1;
        return new CqlDuration(sign * (int)months, sign * (int)days, sign * nanos);
    }
}
