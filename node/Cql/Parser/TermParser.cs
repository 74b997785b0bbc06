using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Lexer;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>Parses value terms: constants, markers, collection/tuple/UDT literals, function calls and casts.</summary>
internal static class TermParser
{
    public static Term Parse(ParserState p)
    {
        var t = p.Peek();
        switch (t.Kind)
        {
            case TokenKind.QuestionMark:
                p.Next();
                return new BindMarkerTerm(p.NewMarker(null), null);
            case TokenKind.NamedMarker:
                p.Next();
                return new BindMarkerTerm(p.NewMarker(t.Text), t.Text);
            case TokenKind.String: p.Next(); return new LiteralTerm(LiteralKind.String, t.Text);
            case TokenKind.Integer: p.Next(); return new LiteralTerm(LiteralKind.Integer, t.Text);
            case TokenKind.Float: p.Next(); return new LiteralTerm(LiteralKind.Float, t.Text);
            case TokenKind.Hex: p.Next(); return new LiteralTerm(LiteralKind.Hex, t.Text);
            case TokenKind.Uuid: p.Next(); return new LiteralTerm(LiteralKind.Uuid, t.Text);
            case TokenKind.Duration: p.Next(); return new LiteralTerm(LiteralKind.Duration, t.Text);
            case TokenKind.Identifier when t.Text is "true" or "false":
                p.Next();
                return new LiteralTerm(LiteralKind.Boolean, t.Text);
            case TokenKind.Identifier when t.Text == "null":
                p.Next();
                return new LiteralTerm(LiteralKind.Null, "null");
            case TokenKind.Identifier or TokenKind.QuotedName when p.PeekSymbol("(", 1):
                return ParseFunction(p);
            case TokenKind.Symbol when t.Text == "[":
                return new ListTerm(ParseList(p, "[", "]"));
            case TokenKind.Symbol when t.Text == "{":
                return ParseBraces(p);
            case TokenKind.Symbol when t.Text == "(":
                return ParseParenthesised(p);
            default:
                throw p.NoViableAlternative();
        }
    }

    private static Term ParseFunction(ParserState p)
    {
        string name = p.Next().Text.ToLowerInvariant();
        p.ExpectSymbol("(");
        var args = new List<Term>();
        if (!p.TrySymbol(")"))
        {
            do args.Add(Parse(p)); while (p.TrySymbol(","));
            p.ExpectSymbol(")");
        }
        return new FunctionTerm(name, args);
    }

    public static List<Term> ParseList(ParserState p, string open, string close)
    {
        p.ExpectSymbol(open);
        var items = new List<Term>();
        if (p.TrySymbol(close)) return items;
        do items.Add(Parse(p)); while (p.TrySymbol(","));
        p.ExpectSymbol(close);
        return items;
    }

    private static Term ParseBraces(ParserState p)
    {
        p.ExpectSymbol("{");
        if (p.TrySymbol("}")) return new MapTerm([]);
        var first = ParseKeyOrTerm(p);
        if (p.TrySymbol(":"))
        {
            var entries = new List<KeyValuePair<Term, Term>> { new(first, Parse(p)) };
            while (p.TrySymbol(","))
            {
                var k = ParseKeyOrTerm(p);
                p.ExpectSymbol(":");
                entries.Add(new(k, Parse(p)));
            }
            p.ExpectSymbol("}");
            return new MapTerm(entries);
        }
        var items = new List<Term> { first };
        while (p.TrySymbol(",")) items.Add(Parse(p));
        p.ExpectSymbol("}");
        return new SetTerm(items);
    }

    // A UDT literal's keys are field names; a map's keys are terms. Decide by what the token is.
    private static Term ParseKeyOrTerm(ParserState p)
    {
        var t = p.Peek();
        bool nameLike = (t.Kind == TokenKind.QuotedName || (t.Kind == TokenKind.Identifier && t.Text is not ("true" or "false" or "null")))
                        && p.PeekSymbol(":", 1);
        if (nameLike)
        {
            p.Next();
            return new IdentifierTerm(t.Text);
        }
        return Parse(p);
    }

    private static Term ParseParenthesised(ParserState p)
    {
        // (type) term is a cast; anything else in parentheses is a tuple literal.
        if (p.Peek(1).Kind == TokenKind.Identifier && p.PeekSymbol(")", 2) && p.Peek(1).Text is not ("true" or "false" or "null"))
        {
            p.Next();
            string type = p.Next().Text;
            p.Next();
            return new CastTerm(type, Parse(p));
        }
        return new TupleTerm(ParseList(p, "(", ")"));
    }

    /// <summary>WITH-style property value: a constant, a boolean/identifier, or a {'k': v} map of strings.</summary>
    public static object ParseOptionValue(ParserState p)
    {
        if (p.PeekSymbol("{"))
        {
            p.Next();
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (p.TrySymbol("}")) return map;
            do
            {
                string k = p.Next().Text;
                p.ExpectSymbol(":");
                map[k] = p.Next().Text;
            }
            while (p.TrySymbol(","));
            p.ExpectSymbol("}");
            return map;
        }
        var t = p.Next();
        if (t.Kind is TokenKind.EndOfInput or TokenKind.Symbol) throw new CqlSyntaxException($"line {t.Line}:{t.Column} no viable alternative at input '{t}'");
        return t.Text;
    }

    /// <summary>WITH a = x AND b = {...}: lower-cased property names.</summary>
    public static void ParseProperties(ParserState p, Dictionary<string, object> into)
    {
        do
        {
            string name = p.Identifier();
            p.ExpectSymbol("=");
            into[name] = ParseOptionValue(p);
        }
        while (p.TryKeyword("and"));
    }

    /// <summary>A type as text, e.g. map&lt;text, frozen&lt;list&lt;int&gt;&gt;&gt;, resolved later against the keyspace's UDTs.</summary>
    public static string ParseTypeText(ParserState p)
    {
        var t = p.Peek();
        if (t.Kind == TokenKind.String)
        {
            p.Next();
            return $"'{t.Text}'";
        }
        // Type names (set, list, ...) may be reserved words, so take any identifier token here.
        if (t.Kind is not (TokenKind.Identifier or TokenKind.QuotedName)) throw p.NoViableAlternative();
        p.Next();
        string name = t.Kind == TokenKind.QuotedName ? $"\"{t.Text}\"" : t.Text;
        if (!p.PeekSymbol("<")) return name;
        p.Next();
        var parts = new List<string> { ParseTypeText(p) };
        while (p.TrySymbol(",")) parts.Add(ParseTypeText(p));
        p.ExpectSymbol(">");
        return $"{name}<{string.Join(", ", parts)}>";
    }
}
