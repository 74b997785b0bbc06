using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// A keyspace renaming (client name → cluster name) and its inverse, applied to CQL text token by token: only names
/// in keyspace position are changed ("ks.table", "USE ks", "CREATE KEYSPACE ks"), never columns, tables or literals
/// that happen to have the same spelling.
/// </summary>
internal sealed class KeyspaceMap
{
    private readonly Dictionary<string, string> _forward;
    private readonly Dictionary<string, string> _backward;

    public KeyspaceMap(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        // Unquoted CQL names are case-insensitive, so the map is too; quoted names with capitals are rare in keyspaces.
        _forward = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _backward = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in pairs)
        {
            _forward[from] = to;
            _backward[to] = from;
        }
    }

    public string? Forward(string? keyspace) => keyspace is not null && _forward.TryGetValue(keyspace, out var to) ? to : null;

    public string? Backward(string? keyspace) => keyspace is not null && _backward.TryGetValue(keyspace, out var from) ? from : null;

    /// <summary>Rewrites the keyspace names of <paramref name="text"/>; returns it unchanged (same instance) when nothing matched.</summary>
    public string RewriteText(string text)
    {
        List<CqlToken> tokens;
        try
        {
            tokens = CqlLexer.Tokenize(text);
        }
        catch (FormatException)
        {
            return text; // Cassandra will report the syntax error itself.
        }
        CqlTextEdit? edit = null;
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (!t.IsName || !IsKeyspacePosition(tokens, i) || Forward(t.Value) is not { } to) continue;
            (edit ??= new CqlTextEdit(text)).Replace(t, Quote(to));
        }
        return edit?.ToString() ?? text;
    }

    private static bool IsKeyspacePosition(List<CqlToken> t, int i)
    {
        if (i + 2 < t.Count && t[i + 1].IsSymbol(".") && t[i + 2].IsName) return i == 0 || !t[i - 1].IsSymbol(".");
        int p = i - 1;
        if (p >= 0 && t[p].Is("use")) return true;
        // CREATE/ALTER/DROP KEYSPACE [IF [NOT] EXISTS] ks
        if (p >= 0 && t[p].Is("exists")) p--;
        if (p >= 0 && t[p].Is("not")) p--;
        if (p >= 0 && t[p].Is("if")) p--;
        return p >= 0 && (t[p].Is("keyspace") || t[p].Is("schema"));
    }

    /// <summary>A name as CQL text: bare when it is a plain lower-case identifier, else double-quoted.</summary>
    public static string Quote(string name)
    {
        bool plain = name.Length > 0 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
        return plain ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
