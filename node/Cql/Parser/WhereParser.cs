using ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>WHERE relations and IF conditions.</summary>
internal static class WhereParser
{
    public static List<Relation> ParseWhere(ParserState p)
    {
        var relations = new List<Relation>();
        do relations.Add(ParseRelation(p)); while (p.TryKeyword("and"));
        return relations;
    }

    private static Relation ParseRelation(ParserState p)
    {
        if (p.PeekKeyword("token") && p.PeekSymbol("(", 1))
        {
            p.Next();
            var cols = ParseNameList(p);
            var op = ParseOp(p);
            return new Relation(cols, true, op, TermParser.Parse(p), null);
        }
        if (p.PeekSymbol("("))
        {
            // (c1, c2) op (v1, v2) | (c1, c2) IN ((..), (..)) | (c1, c2) op ?
            var cols = ParseNameList(p);
            if (p.TryKeyword("in"))
            {
                if (!p.PeekSymbol("(")) return new Relation(cols, false, RelationOp.In, TermParser.Parse(p), null);
                return new Relation(cols, false, RelationOp.In, null, TermParser.ParseList(p, "(", ")").Select(t => Unwrap(t, cols.Count)).ToList());
            }
            var op = ParseOp(p);
            return new Relation(cols, false, op, Unwrap(TermParser.Parse(p), cols.Count), null);
        }
        string column = p.Identifier();
        Term? mapKey = null;
        if (p.TrySymbol("["))
        {
            mapKey = TermParser.Parse(p);
            p.ExpectSymbol("]");
        }
        if (p.TryKeyword("in"))
        {
            if (!p.PeekSymbol("(")) return new Relation([column], false, RelationOp.In, TermParser.Parse(p), null);
            return new Relation([column], false, RelationOp.In, null, TermParser.ParseList(p, "(", ")"));
        }
        if (p.TryKeyword("contains"))
        {
            var kind = p.TryKeyword("key") ? RelationOp.ContainsKey : RelationOp.Contains;
            return new Relation([column], false, kind, TermParser.Parse(p), null);
        }
        if (p.TryKeyword("like")) return new Relation([column], false, RelationOp.Like, TermParser.Parse(p), null);
        if (p.TryKeyword("is"))
        {
            p.ExpectKeyword("not");
            p.ExpectKeyword("null");
            return new Relation([column], false, RelationOp.IsNotNull, null, null);
        }
        var o = ParseOp(p);
        return new Relation([column], false, o, TermParser.Parse(p), null, mapKey);
    }

    // (c) = (1) is the single-column form of a tuple relation: treat it as c = 1.
    private static Term Unwrap(Term t, int columns) => columns == 1 && t is TupleTerm { Items.Count: 1 } tt ? tt.Items[0] : t;

    private static List<string> ParseNameList(ParserState p)
    {
        p.ExpectSymbol("(");
        var names = new List<string> { p.Identifier() };
        while (p.TrySymbol(",")) names.Add(p.Identifier());
        p.ExpectSymbol(")");
        return names;
    }

    public static RelationOp ParseOp(ParserState p)
    {
        var t = p.Peek();
        RelationOp? op = t.Kind == Lexer.TokenKind.Symbol ? t.Text switch
        {
            "=" => RelationOp.Eq,
            "<" => RelationOp.Lt,
            "<=" => RelationOp.Lte,
            ">" => RelationOp.Gt,
            ">=" => RelationOp.Gte,
            "!=" => RelationOp.Neq,
            _ => null,
        } : null;
        if (op is null) throw p.NoViableAlternative();
        p.Next();
        return op.Value;
    }

    /// <summary>After IF: EXISTS (returns ifExists), NOT EXISTS is handled by INSERT, or a list of conditions.</summary>
    public static List<Condition> ParseConditions(ParserState p)
    {
        var conditions = new List<Condition>();
        do
        {
            string column = p.Identifier();
            Term? key = null;
            if (p.TrySymbol("["))
            {
                key = TermParser.Parse(p);
                p.ExpectSymbol("]");
            }
            else if (p.TrySymbol("."))
            {
                // UDT field condition: keep the field as a string key.
                key = new LiteralTerm(LiteralKind.String, p.Identifier());
            }
            if (p.TryKeyword("in"))
            {
                if (!p.PeekSymbol("(")) conditions.Add(new Condition(column, key, RelationOp.In, TermParser.Parse(p), null));
                else conditions.Add(new Condition(column, key, RelationOp.In, null, TermParser.ParseList(p, "(", ")")));
                continue;
            }
            var op = ParseOp(p);
            conditions.Add(new Condition(column, key, op, TermParser.Parse(p), null));
        }
        while (p.TryKeyword("and"));
        return conditions;
    }
}
