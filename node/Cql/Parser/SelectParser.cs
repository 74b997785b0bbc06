using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Lexer;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>SELECT [JSON] [DISTINCT] selectors FROM t [WHERE ...] [GROUP BY] [ORDER BY] [PER PARTITION LIMIT] [LIMIT] [ALLOW FILTERING].</summary>
internal static class SelectParser
{
    public static SelectStatement Parse(ParserState p)
    {
        p.ExpectKeyword("select");
        bool json = p.PeekKeyword("json") && !p.PeekKeyword("from", 1) && !p.PeekSymbol(",", 1) && p.TryKeyword("json");
        bool distinct = p.PeekKeyword("distinct") && !p.PeekKeyword("from", 1) && !p.PeekSymbol(",", 1) && p.TryKeyword("distinct");
        List<SelectItem>? items = null;
        if (!p.TrySymbol("*"))
        {
            items = [];
            do
            {
                var selector = ParseSelector(p);
                string? alias = p.TryKeyword("as") ? p.Identifier() : null;
                items.Add(new SelectItem(selector, alias));
            }
            while (p.TrySymbol(","));
        }
        p.ExpectKeyword("from");
        var table = p.QualifiedName();
        var where = p.TryKeyword("where") ? WhereParser.ParseWhere(p) : [];
        var groupBy = new List<string>();
        if (p.TryKeyword("group"))
        {
            p.ExpectKeyword("by");
            do groupBy.Add(p.Identifier()); while (p.TrySymbol(","));
        }
        var orderBy = new List<Ordering>();
        if (p.TryKeyword("order"))
        {
            p.ExpectKeyword("by");
            do
            {
                string c = p.Identifier();
                bool desc = p.TryKeyword("desc");
                if (!desc) p.TryKeyword("asc");
                orderBy.Add(new Ordering(c, desc));
            }
            while (p.TrySymbol(","));
        }
        Term? perPartition = null, limit = null;
        if (p.PeekKeyword("per"))
        {
            p.Next();
            p.ExpectKeyword("partition");
            p.ExpectKeyword("limit");
            perPartition = TermParser.Parse(p);
        }
        if (p.TryKeyword("limit")) limit = TermParser.Parse(p);
        bool allowFiltering = false;
        if (p.TryKeyword("allow"))
        {
            p.ExpectKeyword("filtering");
            allowFiltering = true;
        }
        return new SelectStatement(table, distinct, json, items, where, groupBy, orderBy, perPartition, limit, allowFiltering);
    }

    private static Selector ParseSelector(ParserState p)
    {
        var t = p.Peek();
        if ((t.Kind == TokenKind.Identifier || t.Kind == TokenKind.QuotedName) && p.PeekSymbol("(", 1))
        {
            p.Next();
            p.Next();
            string name = t.Text.ToLowerInvariant();
            var args = new List<Selector>();
            if (!p.TrySymbol(")"))
            {
                do args.Add(p.TrySymbol("*") ? new StarSelector() : ParseSelector(p)); while (p.TrySymbol(","));
                p.ExpectSymbol(")");
            }
            return new FunctionSelector(name, args);
        }
        if (p.PeekKeyword("cast") && p.PeekSymbol("(", 1))
        {
            p.Next();
            p.Next();
            var inner = ParseSelector(p);
            p.ExpectKeyword("as");
            string type = TermParser.ParseTypeText(p);
            p.ExpectSymbol(")");
            return new FunctionSelector("cast", [inner, new TermSelector(new LiteralTerm(LiteralKind.String, type))]);
        }
        if (t.Kind is TokenKind.Integer or TokenKind.Float or TokenKind.String or TokenKind.Uuid or TokenKind.Hex) return new TermSelector(TermParser.Parse(p));
        if (t.IsKeyword("token") && p.PeekSymbol("(", 1))
        {
            p.Next();
            p.Next();
            var cols = new List<Selector> { new ColumnSelector(p.Identifier()) };
            while (p.TrySymbol(",")) cols.Add(new ColumnSelector(p.Identifier()));
            p.ExpectSymbol(")");
            return new FunctionSelector("token", cols);
        }
        return new ColumnSelector(p.Identifier());
    }
}
