using System.Text;

namespace ScriptProxy.Transforms.Cql;

/// <summary>
/// Splits CQL text into tokens, keeping each token's position so rewrites can splice the original text instead of
/// re-printing the statement (which would lose the user's formatting and risk changing its meaning).
/// </summary>
internal static class CqlLexer
{
    /// <summary>Tokenizes <paramref name="text"/>. Unterminated strings and comments are an error.</summary>
    /// <exception cref="FormatException">The text cannot be tokenized.</exception>
    public static List<CqlToken> Tokenize(string text)
    {
        var tokens = new List<CqlToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if ((c == '-' && Next(text, i) == '-') || (c == '/' && Next(text, i) == '/'))
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (c == '/' && Next(text, i) == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new FormatException("Unterminated /* comment");
                i = end + 2;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"')
            {
                string value = ReadQuoted(text, ref i, c);
                tokens.Add(new CqlToken(c == '\'' ? CqlTokenKind.String : CqlTokenKind.QuotedIdentifier, start, i - start, value));
                continue;
            }
            if (c == '$' && Next(text, i) == '$')
            {
                int end = text.IndexOf("$$", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new FormatException("Unterminated $$ string");
                tokens.Add(new CqlToken(CqlTokenKind.String, start, end + 2 - start, text[(i + 2)..end]));
                i = end + 2;
                continue;
            }
            if (IsUuidAt(text, i))
            {
                tokens.Add(new CqlToken(CqlTokenKind.Uuid, start, 36, text.Substring(i, 36).ToLowerInvariant()));
                i += 36;
                continue;
            }
            if (c == '0' && (Next(text, i) is 'x' or 'X'))
            {
                i += 2;
                while (i < text.Length && char.IsAsciiHexDigit(text[i])) i++;
                tokens.Add(new CqlToken(CqlTokenKind.Hex, start, i - start, text[(start + 2)..i]));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Next(text, i)) && NegativeAllowed(tokens)))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new CqlToken(CqlTokenKind.Identifier, start, i - start, text[start..i].ToLowerInvariant()));
                continue;
            }
            if (c == '?')
            {
                tokens.Add(new CqlToken(CqlTokenKind.Marker, start, 1, "?"));
                i++;
                continue;
            }
            if (c == ':' && (char.IsAsciiLetter(Next(text, i)) || Next(text, i) is '_' or '"') && NamedMarkerAllowed(tokens))
            {
                i++;
                string name;
                if (text[i] == '"') name = ReadQuoted(text, ref i, '"');
                else
                {
                    int nameStart = i;
                    while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                    name = text[nameStart..i].ToLowerInvariant();
                }
                tokens.Add(new CqlToken(CqlTokenKind.NamedMarker, start, i - start, name));
                continue;
            }
            int len = (c is '<' or '>' or '!' && Next(text, i) == '=') ? 2 : 1;
            tokens.Add(new CqlToken(CqlTokenKind.Symbol, start, len, text.Substring(i, len)));
            i += len;
        }
        return tokens;
    }

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length) throw new FormatException(quote == '\'' ? "Unterminated string literal" : "Unterminated quoted identifier");
            char ch = text[i++];
            if (ch == quote)
            {
                // A doubled quote is an escaped quote.
                if (i < text.Length && text[i] == quote) { sb.Append(quote); i++; continue; }
                return sb.ToString();
            }
            sb.Append(ch);
        }
    }

    private static CqlToken ReadNumber(string text, ref int i)
    {
        int start = i;
        if (text[i] == '-') i++;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        bool isFloat = false;
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-') i++;
            if (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                isFloat = true;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            }
            else i = save;
        }
        return new CqlToken(isFloat ? CqlTokenKind.Float : CqlTokenKind.Integer, start, i - start, text[start..i]);
    }

    // "a-1" is a subtraction; "(-1", ", -1", "= -1" are negative literals.
    private static bool NegativeAllowed(List<CqlToken> tokens) =>
        tokens.Count == 0 || (tokens[^1].Kind == CqlTokenKind.Symbol && tokens[^1].Value is not (")" or "]" or "}"))
        || tokens[^1].Is("limit") || tokens[^1].Is("in");

    // ":name" is a marker where a term may start; in "{a: 1}" (UDT literal) the colon follows a name.
    private static bool NamedMarkerAllowed(List<CqlToken> tokens) =>
        tokens.Count == 0 || (tokens[^1].Kind == CqlTokenKind.Symbol && tokens[^1].Value is not (")" or "]" or "}"))
        || tokens[^1].Is("limit") || tokens[^1].Is("in") || tokens[^1].Is("timestamp") || tokens[^1].Is("ttl");

    private static bool IsUuidAt(string text, int i)
    {
        if (i + 36 > text.Length) return false;
        if (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] == '_')) return false;
        for (int k = 0; k < 36; k++)
        {
            char ch = text[i + k];
            bool dash = k is 8 or 13 or 18 or 23;
            if (dash ? ch != '-' : !char.IsAsciiHexDigit(ch)) return false;
        }
        return i + 36 == text.Length || !(char.IsAsciiLetterOrDigit(text[i + 36]) || text[i + 36] == '_');
    }
}
