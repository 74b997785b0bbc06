using System.Text;
using ScriptProxy.Node.Cql.Parser;

namespace ScriptProxy.Node.Cql.Lexer;

/// <summary>
/// Turns CQL text into tokens. Follows Cassandra's Lexer.g closely enough that the same inputs split the same way:
/// a leading '-' belongs to a number, uuids and durations are single tokens, comments (--, //, /* */) vanish.
/// </summary>
internal static class CqlLexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0, line = 1, lineStart = 0;
        while (true)
        {
            // Skip whitespace and comments, tracking lines for error positions.
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\n') { line++; i++; lineStart = i; }
                else if (char.IsWhiteSpace(c)) i++;
                else if ((c == '-' && At(text, i + 1, '-')) || (c == '/' && At(text, i + 1, '/')))
                {
                    while (i < text.Length && text[i] != '\n') i++;
                }
                else if (c == '/' && At(text, i + 1, '*'))
                {
                    int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    int stop = end < 0 ? text.Length : end + 2;
                    for (int k = i; k < stop; k++)
                    {
                        if (text[k] == '\n') { line++; lineStart = k + 1; }
                    }
                    i = stop;
                }
                else break;
            }
            int col = i - lineStart;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.EndOfInput, "", "<EOF>", line, col, i));
                return tokens;
            }
            int start = i;
            char ch = text[i];
            Token Make(TokenKind kind, string value) => new(kind, value, text[start..i], line, col, start);

            if (ch == '\'')
            {
                tokens.Add(Make(TokenKind.String, ReadQuoted(text, ref i, '\'', line, col)));
            }
            else if (ch == '$' && At(text, i + 1, '$'))
            {
                int end = text.IndexOf("$$", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new CqlSyntaxException($"line {line}:{col} unterminated $$ string");
                string body = text[(i + 2)..end];
                i = end + 2;
                tokens.Add(Make(TokenKind.String, body));
            }
            else if (ch == '"')
            {
                tokens.Add(Make(TokenKind.QuotedName, ReadQuoted(text, ref i, '"', line, col)));
            }
            else if (TryUuid(text, i))
            {
                i += 36;
                tokens.Add(Make(TokenKind.Uuid, text[start..i].ToLowerInvariant()));
            }
            else if (ch == '0' && (At(text, i + 1, 'x') || At(text, i + 1, 'X')))
            {
                i += 2;
                while (i < text.Length && Uri.IsHexDigit(text[i])) i++;
                tokens.Add(Make(TokenKind.Hex, text[(start + 2)..i]));
            }
            else if (char.IsAsciiDigit(ch) || (ch == '-' && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                tokens.Add(ReadNumber(text, ref i, start, line, col));
            }
            else if (ch == '-' && (StartsWithWord(text, i + 1, "NaN") || StartsWithWord(text, i + 1, "Infinity")))
            {
                i++;
                while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
                tokens.Add(Make(TokenKind.Float, text[start..i]));
            }
            else if (char.IsLetter(ch) || ch == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                string word = text[start..i];
                if (word is "NaN" or "Infinity") tokens.Add(Make(TokenKind.Float, word));
                else if ((word[0] is 'P' or 'p') && word.Length > 1 && IsIsoDuration(word)) tokens.Add(Make(TokenKind.Duration, word));
                else tokens.Add(Make(TokenKind.Identifier, word.ToLowerInvariant()));
            }
            else if (ch == '?')
            {
                i++;
                tokens.Add(Make(TokenKind.QuestionMark, "?"));
            }
            else if (ch == ':' && i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] is '_' or '"'))
            {
                i++;
                string name;
                if (text[i] == '"') name = ReadQuoted(text, ref i, '"', line, col);
                else
                {
                    int s = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                    name = text[s..i].ToLowerInvariant();
                }
                tokens.Add(Make(TokenKind.NamedMarker, name));
            }
            else
            {
                string sym = ReadSymbol(text, ref i);
                if (sym.Length == 0) throw new CqlSyntaxException($"line {line}:{col} token recognition error at: '{ch}'");
                tokens.Add(Make(TokenKind.Symbol, sym));
            }
        }
    }

    private static bool At(string text, int i, char c) => i < text.Length && text[i] == c;

    private static bool StartsWithWord(string text, int i, string word) =>
        string.CompareOrdinal(text, i, word, 0, word.Length) == 0 && (i + word.Length >= text.Length || !char.IsLetterOrDigit(text[i + word.Length]));

    private static string ReadQuoted(string text, ref int i, char quote, int line, int col)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length) throw new CqlSyntaxException($"line {line}:{col} unterminated quoted text");
            char c = text[i++];
            if (c == quote)
            {
                if (At(text, i, quote)) { sb.Append(quote); i++; continue; }
                return sb.ToString();
            }
            sb.Append(c);
        }
    }

    private static bool TryUuid(string text, int i)
    {
        if (i + 36 > text.Length) return false;
        for (int k = 0; k < 36; k++)
        {
            char c = text[i + k];
            bool dash = k is 8 or 13 or 18 or 23;
            if (dash ? c != '-' : !Uri.IsHexDigit(c)) return false;
        }
        return i + 36 == text.Length || !(char.IsLetterOrDigit(text[i + 36]) || text[i + 36] == '_');
    }

    private static Token ReadNumber(string text, ref int i, int start, int line, int col)
    {
        if (text[i] == '-') i++;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        bool isFloat = false;
        if (At(text, i, '.') && i + 1 <= text.Length && !At(text, i + 1, '.'))
        {
            isFloat = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E' && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] is '+' or '-'))
        {
            isFloat = true;
            i += 2;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (!isFloat && i < text.Length && char.IsLetter(text[i]))
        {
            // A number followed by unit letters is a duration literal (1h30m, 2d, 500ms, 1y2mo).
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == 'µ')) i++;
            string d = text[start..i];
            return new Token(TokenKind.Duration, d, d, line, col, start);
        }
        string raw = text[start..i];
        return new Token(isFloat ? TokenKind.Float : TokenKind.Integer, raw, raw, line, col, start);
    }

    private static bool IsIsoDuration(string word)
    {
        // P1Y2M3DT4H5M6S or P2W: letters only from the ISO set, at least one digit.
        bool digit = false;
        for (int k = 1; k < word.Length; k++)
        {
            char c = char.ToUpperInvariant(word[k]);
            if (char.IsAsciiDigit(c)) digit = true;
            else if ("YMWDTHS".IndexOf(c) < 0) return false;
        }
        return digit;
    }

    private static string ReadSymbol(string text, ref int i)
    {
        string[] two = ["<=", ">=", "!=", "+=", "-="];
        foreach (var t in two)
        {
            if (string.CompareOrdinal(text, i, t, 0, 2) == 0)
            {
                i += 2;
                return t;
            }
        }
        char c = text[i];
        if ("()[]{}<>=,;.*+-:".IndexOf(c) >= 0)
        {
            i++;
            return c.ToString();
        }
        return "";
    }
}
