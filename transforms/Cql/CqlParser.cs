using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Transforms.Cql;

/// <summary>
/// A shallow CQL parser: enough of SELECT, INSERT, UPDATE, DELETE, TRUNCATE, USE, BATCH and DDL to find the
/// target table, simple column/term pairs and bind markers. It never rejects a statement (Cassandra does that);
/// what it cannot follow it leaves opaque.
/// </summary>
internal static class CqlParser
{
    private static readonly HashSet<string> WhereEnd = ["order", "group", "limit", "allow", "per", "if", "apply"];

    /// <summary>Parses one statement (or a text BATCH). Text that cannot be tokenized gives a statement of kind Other.</summary>
    public static CqlStatement Parse(string text)
    {
        List<CqlToken> tokens;
        try
        {
            tokens = CqlLexer.Tokenize(text);
        }
        catch (FormatException)
        {
            return new CqlStatement { Text = text, Tokens = [] };
        }
        var markers = MarkerIndexes(tokens);
        return ParseRange(text, tokens, markers, 0, tokens.Count);
    }

    private static int[] MarkerIndexes(List<CqlToken> tokens)
    {
        var result = new int[tokens.Count];
        int n = 0;
        for (int i = 0; i < tokens.Count; i++) result[i] = tokens[i].IsMarker ? n++ : -1;
        return result;
    }

    private static CqlStatement ParseRange(string text, List<CqlToken> t, int[] markers, int from, int to)
    {
        while (to > from && t[to - 1].IsSymbol(";")) to--;
        int markerCount = 0;
        for (int i = from; i < to; i++) if (t[i].IsMarker) markerCount++;
        if (from >= to || t[from].Kind != CqlTokenKind.Identifier) return new CqlStatement { Text = text, Tokens = t, MarkerCount = markerCount };
        string verb = t[from].Value;
        var c = new Cursor(t, from + 1, to);
        return verb switch
        {
            "select" => ParseSelect(text, t, markers, c, markerCount),
            "insert" => ParseInsert(text, t, markers, c, markerCount),
            "update" => ParseUpdate(text, t, markers, c, markerCount),
            "delete" => ParseDelete(text, t, markers, c, markerCount),
            "truncate" => Named(text, t, "truncate", StatementKind.Write, c.SkipKeyword("table"), markerCount),
            "use" => new CqlStatement { Text = text, Tokens = t, Verb = "use", Keyspace = c.Peek is { IsName: true } k ? k.Value : null, MarkerCount = markerCount },
            "begin" => ParseBatch(text, t, markers, from, to, markerCount),
            "create" or "alter" or "drop" => ParseSchema(text, t, verb, c, markerCount),
            _ => new CqlStatement { Text = text, Tokens = t, Verb = verb, MarkerCount = markerCount },
        };
    }

    private static CqlStatement Named(string text, List<CqlToken> t, string verb, StatementKind kind, Cursor c, int markerCount)
    {
        var (ks, table) = c.QualifiedName();
        return new CqlStatement { Text = text, Tokens = t, Verb = verb, Kind = kind, Keyspace = ks, Table = table, MarkerCount = markerCount };
    }

    private static CqlStatement ParseSelect(string text, List<CqlToken> t, int[] markers, Cursor c, int markerCount)
    {
        if (!c.SeekTopLevel("from")) return new CqlStatement { Text = text, Tokens = t, Verb = "select", Kind = StatementKind.Read, MarkerCount = markerCount };
        c.Index++;
        var (ks, table) = c.QualifiedName();
        var (where, other) = ParseWhere(t, markers, c);
        return new CqlStatement
        {
            Text = text, Tokens = t, Verb = "select", Kind = StatementKind.Read, Keyspace = ks, Table = table,
            WhereEqualities = where, WhereHasOtherRelations = other, MarkerCount = markerCount,
        };
    }

    private static CqlStatement ParseInsert(string text, List<CqlToken> t, int[] markers, Cursor c, int markerCount)
    {
        c.SkipKeyword("into");
        var (ks, table) = c.QualifiedName();
        var assignments = new List<CqlColumnTerm>();
        bool json = c.Peek?.Is("json") == true;
        if (!json && c.Peek?.IsSymbol("(") == true)
        {
            var columns = c.NameList();
            if (c.Peek?.Is("values") == true)
            {
                c.Index++;
                var terms = c.TermList(markers);
                for (int i = 0; i < Math.Min(columns.Count, terms.Count); i++) assignments.Add(new CqlColumnTerm(columns[i], terms[i]));
            }
        }
        return new CqlStatement
        {
            Text = text, Tokens = t, Verb = "insert", Kind = StatementKind.Write, Keyspace = ks, Table = table,
            Assignments = assignments, IsJson = json, MarkerCount = markerCount,
        };
    }

    private static CqlStatement ParseUpdate(string text, List<CqlToken> t, int[] markers, Cursor c, int markerCount)
    {
        var (ks, table) = c.QualifiedName();
        if (c.Peek?.Is("using") == true) c.SeekTopLevel("set");
        var assignments = new List<CqlColumnTerm>();
        if (c.Peek?.Is("set") == true)
        {
            c.Index++;
            while (c.Index < c.End && c.Peek?.Is("where") != true)
            {
                int start = c.Index;
                int end = c.TopLevelEnd(start, stopAtWhere: true);
                // Only "name = term" is a simple assignment; "c = c + 1", "m['k'] = v" are opaque.
                if (end - start >= 3 && t[start].IsName && t[start + 1].IsSymbol("="))
                    assignments.Add(new CqlColumnTerm(t[start].Value, Cursor.MakeTerm(t, markers, start + 2, end - 1)));
                else if (t[start].IsName)
                    assignments.Add(new CqlColumnTerm(t[start].Value, new CqlTerm(start, end - 1, -1)));
                c.Index = end;
                if (c.Peek?.IsSymbol(",") == true) c.Index++;
            }
        }
        var (where, other) = ParseWhere(t, markers, c);
        return new CqlStatement
        {
            Text = text, Tokens = t, Verb = "update", Kind = StatementKind.Write, Keyspace = ks, Table = table,
            Assignments = assignments, WhereEqualities = where, WhereHasOtherRelations = other, MarkerCount = markerCount,
        };
    }

    private static CqlStatement ParseDelete(string text, List<CqlToken> t, int[] markers, Cursor c, int markerCount)
    {
        if (!c.SeekTopLevel("from")) return new CqlStatement { Text = text, Tokens = t, Verb = "delete", Kind = StatementKind.Write, MarkerCount = markerCount };
        c.Index++;
        var (ks, table) = c.QualifiedName();
        var (where, other) = ParseWhere(t, markers, c);
        return new CqlStatement
        {
            Text = text, Tokens = t, Verb = "delete", Kind = StatementKind.Write, Keyspace = ks, Table = table,
            WhereEqualities = where, WhereHasOtherRelations = other, MarkerCount = markerCount,
        };
    }

    private static (List<CqlColumnTerm>, bool) ParseWhere(List<CqlToken> t, int[] markers, Cursor c)
    {
        var list = new List<CqlColumnTerm>();
        if (!c.SeekTopLevel("where")) return (list, false);
        c.Index++;
        bool other = false;
        while (c.Index < c.End)
        {
            if (c.Peek is { } p && (p.IsSymbol(";") || (p.Kind == CqlTokenKind.Identifier && WhereEnd.Contains(p.Value)))) break;
            int start = c.Index;
            int end = start;
            int depth = 0;
            while (end < c.End)
            {
                var tok = t[end];
                if (depth == 0 && (tok.Is("and") || tok.IsSymbol(";") || (tok.Kind == CqlTokenKind.Identifier && WhereEnd.Contains(tok.Value)))) break;
                if (tok.Kind == CqlTokenKind.Symbol && tok.Value is "(" or "[" or "{") depth++;
                else if (tok.Kind == CqlTokenKind.Symbol && tok.Value is ")" or "]" or "}") depth--;
                end++;
            }
            if (end - start >= 3 && t[start].IsName && t[start + 1].IsSymbol("=")) list.Add(new CqlColumnTerm(t[start].Value, Cursor.MakeTerm(t, markers, start + 2, end - 1)));
            else other = true;
            c.Index = end;
            if (c.Peek?.Is("and") == true) c.Index++;
        }
        return (list, other);
    }

    private static CqlStatement ParseBatch(string text, List<CqlToken> t, int[] markers, int from, int to, int markerCount)
    {
        var children = new List<CqlStatement>();
        int i = from + 1;
        // Skip "UNLOGGED|COUNTER BATCH [USING TIMESTAMP n]" up to the first child statement.
        while (i < to && !(t[i].Is("insert") || t[i].Is("update") || t[i].Is("delete") || t[i].Is("apply"))) i++;
        while (i < to && !t[i].Is("apply"))
        {
            int start = i++;
            int depth = 0;
            while (i < to)
            {
                var tok = t[i];
                if (tok.Kind == CqlTokenKind.Symbol && tok.Value is "(" or "[" or "{") depth++;
                else if (tok.Kind == CqlTokenKind.Symbol && tok.Value is ")" or "]" or "}") depth--;
                else if (depth == 0 && (tok.IsSymbol(";") || tok.Is("insert") || tok.Is("update") || tok.Is("delete") || tok.Is("apply"))) break;
                i++;
            }
            children.Add(ParseRange(text, t, markers, start, i));
            while (i < to && t[i].IsSymbol(";")) i++;
        }
        var first = children.Count > 0 ? children[0] : null;
        return new CqlStatement
        {
            Text = text, Tokens = t, Verb = "batch", Kind = StatementKind.Write, Keyspace = first?.Keyspace, Table = first?.Table,
            Children = children, MarkerCount = markerCount,
        };
    }

    private static CqlStatement ParseSchema(string text, List<CqlToken> t, string verb, Cursor c, int markerCount)
    {
        // CREATE [OR REPLACE] [CUSTOM] [MATERIALIZED] <object> [IF [NOT] EXISTS] <name> [ON <table>]
        string obj = "";
        while (c.Peek is { Kind: CqlTokenKind.Identifier } p && p.Value is "or" or "replace" or "custom" or "materialized")
            c.Index++;
        if (c.Peek is { Kind: CqlTokenKind.Identifier } o)
        {
            obj = o.Value;
            c.Index++;
        }
        // Roles, users and permissions are access control, not schema.
        var kind = obj is "role" or "user" ? StatementKind.Other : StatementKind.Schema;
        if (c.Peek?.Is("if") == true) { c.Index++; c.SkipKeyword("not"); c.SkipKeyword("exists"); }
        if (obj is "keyspace" or "schema")
            return new CqlStatement { Text = text, Tokens = t, Verb = verb, Kind = kind, Keyspace = c.Peek is { IsName: true } k ? k.Value : null, MarkerCount = markerCount };
        string? ks = null, name = null;
        // CREATE INDEX [name] ON [ks.]table: the table is what the index changes (and the name is optional).
        if (obj == "index" && verb == "create")
        {
            if (c.SeekTopLevel("on"))
            {
                c.Index++;
                (ks, name) = c.QualifiedName();
            }
        }
        else (ks, name) = c.QualifiedName();
        return new CqlStatement { Text = text, Tokens = t, Verb = verb, Kind = kind, Keyspace = ks, Table = name, MarkerCount = markerCount };
    }
}
