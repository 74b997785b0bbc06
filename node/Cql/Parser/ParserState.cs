using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Lexer;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>
/// The token cursor shared by the per-statement parsers, plus bind-marker bookkeeping: markers are numbered
/// in order of appearance across the whole statement (batches included), as the protocol's [values] are.
/// </summary>
internal sealed class ParserState
{
    // Cassandra's reserved keywords: these never parse as unquoted identifiers.
    private static readonly HashSet<string> Reserved =
    [
        "add", "allow", "alter", "and", "apply", "asc", "authorize", "batch", "begin", "by", "columnfamily", "create",
        "delete", "desc", "describe", "drop", "entries", "execute", "from", "full", "grant", "if", "in", "index",
        "infinity", "insert", "into", "keyspace", "limit", "modify", "nan", "norecursive", "not", "null", "of", "on",
        "or", "order", "primary", "rename", "revoke", "schema", "select", "set", "table", "to", "token", "truncate",
        "unlogged", "update", "use", "using", "view", "where", "with",
    ];

    private readonly List<Token> _tokens;
    private int _pos;

    public ParserState(string text)
    {
        Text = text;
        _tokens = CqlLexer.Tokenize(text);
    }

    public string Text { get; }

    /// <summary>Names of the bind markers, one entry per marker (null for '?').</summary>
    public List<string?> MarkerNames { get; } = [];

    public Token Peek(int ahead = 0) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    public Token Next()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1) _pos++;
        return t;
    }

    public bool AtEnd => Peek().Kind == TokenKind.EndOfInput;

    public bool PeekKeyword(string keyword, int ahead = 0) => Peek(ahead).IsKeyword(keyword);

    public bool PeekSymbol(string symbol, int ahead = 0) => Peek(ahead).IsSymbol(symbol);

    public bool TryKeyword(string keyword)
    {
        if (!PeekKeyword(keyword)) return false;
        Next();
        return true;
    }

    public bool TrySymbol(string symbol)
    {
        if (!PeekSymbol(symbol)) return false;
        Next();
        return true;
    }

    public void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword)) throw Mismatched(keyword.ToUpperInvariant());
    }

    public void ExpectSymbol(string symbol)
    {
        if (!TrySymbol(symbol)) throw Mismatched($"'{symbol}'");
    }

    /// <summary>An identifier: unquoted (lowercased, not reserved) or "quoted" (case preserved).</summary>
    public string Identifier()
    {
        var t = Peek();
        if (t.Kind == TokenKind.QuotedName || (t.Kind == TokenKind.Identifier && !Reserved.Contains(t.Text)))
        {
            Next();
            return t.Text;
        }
        throw NoViableAlternative();
    }

    public bool PeekIdentifier(int ahead = 0)
    {
        var t = Peek(ahead);
        return t.Kind == TokenKind.QuotedName || (t.Kind == TokenKind.Identifier && !Reserved.Contains(t.Text));
    }

    /// <summary>[keyspace.]name.</summary>
    public QualifiedName QualifiedName()
    {
        string first = Identifier();
        if (TrySymbol(".")) return new QualifiedName(first, Identifier());
        return new QualifiedName(null, first);
    }

    public int NewMarker(string? name)
    {
        MarkerNames.Add(name);
        return MarkerNames.Count - 1;
    }

    public CqlSyntaxException NoViableAlternative()
    {
        var t = Peek();
        return new CqlSyntaxException($"line {t.Line}:{t.Column} no viable alternative at input '{t}'");
    }

    public CqlSyntaxException Mismatched(string expecting)
    {
        var t = Peek();
        return new CqlSyntaxException($"line {t.Line}:{t.Column} mismatched input '{t}' expecting {expecting}");
    }

    /// <summary>Optional trailing ';' then end of input.</summary>
    public void ExpectEnd()
    {
        TrySymbol(";");
        if (!AtEnd)
        {
            var t = Peek();
            throw new CqlSyntaxException($"line {t.Line}:{t.Column} extraneous input '{t}' expecting <EOF>");
        }
    }
}
