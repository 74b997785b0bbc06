namespace ScriptProxy.Abstractions.Types;

/// <summary>Parses CQL type text (case-insensitive keywords, optional spaces, quoted custom class names).</summary>
internal static class CqlTypeParser
{
    public static CqlType Parse(string text, Func<string, UdtType?>? resolveUdt)
    {
        int pos = 0;
        var type = ParseType(text, ref pos, resolveUdt, frozen: false);
        SkipSpaces(text, ref pos);
        if (pos != text.Length) throw new FormatException($"Unexpected '{text[pos..]}' after type in '{text}'");
        return type;
    }

    private static CqlType ParseType(string text, ref int pos, Func<string, UdtType?>? resolveUdt, bool frozen)
    {
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == '\'')
        {
            int end = text.IndexOf('\'', pos + 1);
            if (end < 0) throw new FormatException($"Unterminated custom type in '{text}'");
            var custom = new CustomType(text[(pos + 1)..end]);
            pos = end + 1;
            return custom;
        }
        string name = ReadIdentifier(text, ref pos).ToLowerInvariant();
        switch (name)
        {
            case "frozen":
                Expect(text, ref pos, '<');
                var inner = ParseType(text, ref pos, resolveUdt, frozen: true);
                Expect(text, ref pos, '>');
                return inner;
            case "list":
            {
                Expect(text, ref pos, '<');
                var e = ParseType(text, ref pos, resolveUdt, false);
                Expect(text, ref pos, '>');
                return new ListType(e, frozen);
            }
            case "set":
            {
                Expect(text, ref pos, '<');
                var e = ParseType(text, ref pos, resolveUdt, false);
                Expect(text, ref pos, '>');
                return new SetType(e, frozen);
            }
            case "map":
            {
                Expect(text, ref pos, '<');
                var k = ParseType(text, ref pos, resolveUdt, false);
                Expect(text, ref pos, ',');
                var v = ParseType(text, ref pos, resolveUdt, false);
                Expect(text, ref pos, '>');
                return new MapType(k, v, frozen);
            }
            case "tuple":
            {
                Expect(text, ref pos, '<');
                var elements = new List<CqlType> { ParseType(text, ref pos, resolveUdt, false) };
                while (TryConsume(text, ref pos, ',')) elements.Add(ParseType(text, ref pos, resolveUdt, false));
                Expect(text, ref pos, '>');
                return new TupleType(elements);
            }
            case "varchar": return CqlType.Text;
            default:
                foreach (var n in CqlType.Natives)
                {
                    if (n.ToString() == name) return n;
                }
                var udt = resolveUdt?.Invoke(name) ?? throw new FormatException($"Unknown type '{name}' in '{text}'");
                return frozen == udt.Frozen ? udt : new UdtType(udt.Keyspace, udt.Name, udt.Fields, frozen);
        }
    }

    private static string ReadIdentifier(string text, ref int pos)
    {
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == '"')
        {
            int end = text.IndexOf('"', pos + 1);
            if (end < 0) throw new FormatException($"Unterminated quoted name in '{text}'");
            string quoted = text[(pos + 1)..end];
            pos = end + 1;
            return quoted;
        }
        int start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '_' or '.')) pos++;
        if (start == pos) throw new FormatException($"Expected a type name at position {start} in '{text}'");
        return text[start..pos];
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private static bool TryConsume(string text, ref int pos, char c)
    {
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private static void Expect(string text, ref int pos, char c)
    {
        if (!TryConsume(text, ref pos, c)) throw new FormatException($"Expected '{c}' at position {pos} in '{text}'");
    }
}
