using System.Text;

namespace ScriptProxy.Host.Upstreams.Cluster.Routing;

/// <summary>
/// A small CQL tokenizer for routing: identifiers (unquoted ones lower-cased), quoted identifiers, literals and
/// punctuation. Comments and anything it does not understand end the token list (routing then falls back).
/// </summary>
internal static class CqlTokenizer
{
    public static List<CqlToken> Tokenize(string text)
    {
        var tokens = new List<CqlToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) return tokens;
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
                tokens.Add(new CqlToken(CqlTokenKind.Literal, sb.ToString(), CqlLiteralKind.String));
            }
            else if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) return tokens;
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
                tokens.Add(new CqlToken(CqlTokenKind.Identifier, sb.ToString()));
            }
            else if (IsWordStart(c) || char.IsDigit(c) || (c == '-' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                int start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.' or '+')) i++;
                // '.' joins keyspace.table too: split words at dots that are not inside a number.
                string word = text[start..i];
                AddWord(tokens, word);
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '-' || c == '/' && i + 1 < text.Length && text[i + 1] is '/' or '*')
            {
                return tokens;
            }
            else
            {
                tokens.Add(new CqlToken(CqlTokenKind.Symbol, c.ToString()));
                i++;
            }
        }
        return tokens;
    }

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    private static void AddWord(List<CqlToken> tokens, string word)
    {
        if (LooksNumeric(word))
        {
            bool blob = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            tokens.Add(new CqlToken(CqlTokenKind.Literal, word, blob ? CqlLiteralKind.Blob : CqlLiteralKind.Number));
            return;
        }
        if (word.Length == 36 && Guid.TryParseExact(word, "D", out _))
        {
            tokens.Add(new CqlToken(CqlTokenKind.Literal, word, CqlLiteralKind.Uuid));
            return;
        }
        // ks.table (or anything dotted): identifiers separated by '.' symbols.
        var parts = word.Split('.');
        for (int p = 0; p < parts.Length; p++)
        {
            if (p > 0) tokens.Add(new CqlToken(CqlTokenKind.Symbol, "."));
            string part = parts[p];
            if (part.Length == 0) continue;
            string lower = part.ToLowerInvariant();
            if (lower is "true" or "false") tokens.Add(new CqlToken(CqlTokenKind.Literal, lower, CqlLiteralKind.Boolean));
            else tokens.Add(new CqlToken(CqlTokenKind.Identifier, lower, Unquoted: true));
        }
    }

    private static bool LooksNumeric(string word)
    {
        if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return word.Length > 2 && word.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
        var span = word.AsSpan();
        if (span.Length > 0 && span[0] == '-') span = span[1..];
        return span.Length > 0 && (char.IsDigit(span[0]) || span[0] == '.') && !span.ContainsAnyExcept("0123456789.eE+-");
    }
}

/// <summary>A token of <see cref="CqlTokenizer"/>.</summary>
internal readonly record struct CqlToken(CqlTokenKind Kind, string Text, CqlLiteralKind LiteralKind = CqlLiteralKind.String, bool Unquoted = false)
{
    public bool IsKeyword(string keyword) => Kind == CqlTokenKind.Identifier && Unquoted && Text == keyword;

    public bool IsSymbol(string symbol) => Kind == CqlTokenKind.Symbol && Text == symbol;
}

/// <summary>Kinds of <see cref="CqlToken"/>.</summary>
internal enum CqlTokenKind
{
    Identifier,
    Literal,
    Symbol,
}
