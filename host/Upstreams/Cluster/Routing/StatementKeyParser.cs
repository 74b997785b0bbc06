namespace ScriptProxy.Host.Upstreams.Cluster.Routing;

/// <summary>
/// Finds the table and the literal column values of a QUERY's text, for token-aware routing: INSERT INTO t (cols)
/// VALUES (literals); SELECT/DELETE ... FROM t WHERE c = lit AND ...; UPDATE t [USING ...] SET ... WHERE c = lit.
/// Anything else (bind markers, functions, IN, ranges) is simply not collected; the router falls back then.
/// </summary>
internal static class StatementKeyParser
{
    public static StatementKey? TryParse(string cql)
    {
        ArgumentNullException.ThrowIfNull(cql);
        var tokens = CqlTokenizer.Tokenize(cql);
        if (tokens.Count == 0) return null;
        var first = tokens[0];
        if (first.IsKeyword("insert")) return ParseInsert(tokens);
        if (first.IsKeyword("select") || first.IsKeyword("delete"))
        {
            int from = tokens.FindIndex(t => t.IsKeyword("from"));
            return from < 0 ? null : ParseWhere(tokens, from + 1);
        }
        if (first.IsKeyword("update")) return ParseWhere(tokens, 1);
        return null;
    }

    /// <summary>The keyspace of <c>USE ks</c> (case kept when quoted, lower-cased otherwise), or null for any other text.</summary>
    public static string? TryParseUse(string cql)
    {
        ArgumentNullException.ThrowIfNull(cql);
        var span = cql.AsSpan().TrimStart();
        if (span.Length < 4 || !span[..3].Equals("use", StringComparison.OrdinalIgnoreCase) || !char.IsWhiteSpace(span[3])) return null;
        var tokens = CqlTokenizer.Tokenize(cql);
        if (tokens.Count < 2 || tokens[1].Kind != CqlTokenKind.Identifier) return null;
        if (tokens.Count > 2 && !tokens[2].IsSymbol(";")) return null;
        return tokens[1].Text;
    }

    private static StatementKey? ParseInsert(List<CqlToken> tokens)
    {
        if (tokens.Count < 3 || !tokens[1].IsKeyword("into")) return null;
        int pos = 2;
        if (!ReadTable(tokens, ref pos, out var keyspace, out var table)) return null;
        if (!Expect(tokens, ref pos, "(")) return null;
        var columns = new List<string>();
        while (pos < tokens.Count && tokens[pos].Kind == CqlTokenKind.Identifier)
        {
            columns.Add(tokens[pos++].Text);
            if (Expect(tokens, ref pos, ")")) break;
            if (!Expect(tokens, ref pos, ",")) return null;
        }
        if (pos >= tokens.Count || !tokens[pos++].IsKeyword("values") || !Expect(tokens, ref pos, "(")) return null;
        var literals = new Dictionary<string, CqlLiteral>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count && pos < tokens.Count; i++)
        {
            var value = tokens[pos++];
            if (value.Kind == CqlTokenKind.Literal) literals[columns[i]] = new CqlLiteral(value.LiteralKind, value.Text);
            else if (!value.IsSymbol("?") && value.Kind != CqlTokenKind.Identifier) return new StatementKey(keyspace, table, literals);
            if (i < columns.Count - 1 && !Expect(tokens, ref pos, ",")) return new StatementKey(keyspace, table, literals);
        }
        return new StatementKey(keyspace, table, literals);
    }

    private static StatementKey? ParseWhere(List<CqlToken> tokens, int pos)
    {
        if (!ReadTable(tokens, ref pos, out var keyspace, out var table)) return null;
        int where = tokens.FindIndex(pos, t => t.IsKeyword("where"));
        var literals = new Dictionary<string, CqlLiteral>(StringComparer.Ordinal);
        if (where < 0) return new StatementKey(keyspace, table, literals);
        pos = where + 1;
        while (pos + 2 < tokens.Count)
        {
            var column = tokens[pos];
            if (column.Kind != CqlTokenKind.Identifier || !tokens[pos + 1].IsSymbol("=")) break;
            var value = tokens[pos + 2];
            if (value.Kind == CqlTokenKind.Literal) literals[column.Text] = new CqlLiteral(value.LiteralKind, value.Text);
            pos += 3;
            if (pos >= tokens.Count || !tokens[pos].IsKeyword("and")) break;
            pos++;
        }
        return new StatementKey(keyspace, table, literals);
    }

    private static bool ReadTable(List<CqlToken> tokens, ref int pos, out string? keyspace, out string table)
    {
        keyspace = null;
        table = "";
        if (pos >= tokens.Count || tokens[pos].Kind != CqlTokenKind.Identifier) return false;
        table = tokens[pos++].Text;
        if (pos + 1 < tokens.Count && tokens[pos].IsSymbol(".") && tokens[pos + 1].Kind == CqlTokenKind.Identifier)
        {
            keyspace = table;
            table = tokens[pos + 1].Text;
            pos += 2;
        }
        return true;
    }

    private static bool Expect(List<CqlToken> tokens, ref int pos, string symbol)
    {
        if (pos < tokens.Count && tokens[pos].IsSymbol(symbol))
        {
            pos++;
            return true;
        }
        return false;
    }
}
