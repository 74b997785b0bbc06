namespace ScriptProxy.Transforms.Cql;

/// <summary>A position in a token range, with the few moves <see cref="CqlParser"/> needs.</summary>
internal sealed class Cursor(List<CqlToken> tokens, int index, int end)
{
    public int Index { get; set; } = index;

    public int End { get; } = end;

    public CqlToken? Peek => Index < End ? tokens[Index] : null;

    public Cursor SkipKeyword(string keyword)
    {
        if (Peek?.Is(keyword) == true) Index++;
        return this;
    }

    /// <summary>Moves to the next top-level (outside brackets) occurrence of a keyword; false (and unmoved) if none.</summary>
    public bool SeekTopLevel(string keyword)
    {
        int depth = 0;
        for (int i = Index; i < End; i++)
        {
            var t = tokens[i];
            if (t.Value is "(" or "[" or "{" && t.Kind == CqlTokenKind.Symbol) depth++;
            else if (t.Value is ")" or "]" or "}" && t.Kind == CqlTokenKind.Symbol) depth--;
            else if (depth == 0 && t.Is(keyword))
            {
                Index = i;
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads "[keyspace.]name"; returns nulls (and does not move) when there is no name.</summary>
    public (string? Keyspace, string? Name) QualifiedName()
    {
        if (Peek is not { IsName: true } first) return (null, null);
        Index++;
        if (Peek?.IsSymbol(".") == true && Index + 1 < End && tokens[Index + 1].IsName)
        {
            var second = tokens[Index + 1];
            Index += 2;
            return (first.Value, second.Value);
        }
        return (null, first.Value);
    }

    /// <summary>Reads "(a, b, c)" of names.</summary>
    public List<string> NameList()
    {
        var names = new List<string>();
        if (Peek?.IsSymbol("(") != true) return names;
        Index++;
        while (Index < End && Peek?.IsSymbol(")") != true)
        {
            if (Peek is { IsName: true } n) names.Add(n.Value);
            Index++;
        }
        Index++;
        return names;
    }

    /// <summary>Reads "(term, term, ...)" splitting on top-level commas.</summary>
    public List<CqlTerm> TermList(int[] markers)
    {
        var terms = new List<CqlTerm>();
        if (Peek?.IsSymbol("(") != true) return terms;
        Index++;
        while (Index < End && Peek?.IsSymbol(")") != true)
        {
            int start = Index;
            int end = TopLevelEnd(start, stopAtWhere: false);
            if (end > start) terms.Add(MakeTerm(tokens, markers, start, end - 1));
            Index = end;
            if (Peek?.IsSymbol(",") == true) Index++;
        }
        Index++;
        return terms;
    }

    /// <summary>The index just past a term starting at <paramref name="start"/>: the next top-level comma or closing bracket.</summary>
    public int TopLevelEnd(int start, bool stopAtWhere)
    {
        int depth = 0;
        int i = start;
        for (; i < End; i++)
        {
            var t = tokens[i];
            if (t.Kind == CqlTokenKind.Symbol && t.Value is "(" or "[" or "{") depth++;
            else if (t.Kind == CqlTokenKind.Symbol && t.Value is ")" or "]" or "}")
            {
                if (depth == 0) break;
                depth--;
            }
            else if (depth == 0 && (t.IsSymbol(",") || t.IsSymbol(";") || (stopAtWhere && (t.Is("where") || t.Is("if"))))) break;
        }
        return i;
    }

    /// <summary>A term over tokens [first, last]: a literal, a marker, or opaque.</summary>
    public static CqlTerm MakeTerm(List<CqlToken> tokens, int[] markers, int first, int last)
    {
        if (first == last && tokens[first].IsLiteral) return new CqlTerm(first, last, -1) { Literal = tokens[first] };
        if (first == last && tokens[first].IsMarker) return new CqlTerm(first, last, markers[first]) { Marker = tokens[first] };
        return new CqlTerm(first, last, -1);
    }
}
