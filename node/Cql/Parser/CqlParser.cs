using ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>Entry point: one CQL statement (optionally ';'-terminated) to a <see cref="ParsedStatement"/>.</summary>
internal static class CqlParser
{
    public static ParsedStatement Parse(string text)
    {
        var p = new ParserState(text);
        var first = p.Peek();
        Statement statement = first.Kind == Lexer.TokenKind.Identifier ? first.Text switch
        {
            "select" => SelectParser.Parse(p),
            "insert" => ModificationParser.ParseInsert(p),
            "update" => ModificationParser.ParseUpdate(p),
            "delete" => ModificationParser.ParseDelete(p),
            "begin" => ModificationParser.ParseBatch(p),
            "create" => DdlParser.ParseCreate(p),
            "alter" => DdlParser.ParseAlter(p),
            "drop" => DdlParser.ParseDrop(p),
            "truncate" => ParseTruncate(p),
            "use" => ParseUse(p),
            _ => throw p.NoViableAlternative(),
        } : throw p.NoViableAlternative();
        p.ExpectEnd();
        return new ParsedStatement(statement, p.MarkerNames, text);
    }

    private static Statement ParseTruncate(ParserState p)
    {
        p.ExpectKeyword("truncate");
        if (!p.PeekSymbol(".", 1)) p.TryKeyword("table");
        return new TruncateStatement(p.QualifiedName());
    }

    private static Statement ParseUse(ParserState p)
    {
        p.ExpectKeyword("use");
        return new UseStatement(p.Identifier());
    }
}
