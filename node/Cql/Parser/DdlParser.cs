using ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>CREATE / ALTER / DROP for keyspaces, tables, types and indexes; TRUNCATE.</summary>
internal static class DdlParser
{
    public static Statement ParseCreate(ParserState p)
    {
        p.ExpectKeyword("create");
        if (p.TryKeyword("keyspace") || p.TryKeyword("schema"))
        {
            bool ine = IfNotExists(p);
            string name = p.Identifier();
            var options = new Dictionary<string, object>(StringComparer.Ordinal);
            p.ExpectKeyword("with");
            TermParser.ParseProperties(p, options);
            return new CreateKeyspaceStatement(name, ine, options);
        }
        if (p.TryKeyword("table") || p.TryKeyword("columnfamily")) return ParseCreateTable(p);
        if (p.TryKeyword("type"))
        {
            bool ine = IfNotExists(p);
            var name = p.QualifiedName();
            p.ExpectSymbol("(");
            var fields = new List<KeyValuePair<string, string>>();
            do
            {
                string f = p.Identifier();
                fields.Add(new(f, TermParser.ParseTypeText(p)));
            }
            while (p.TrySymbol(","));
            p.ExpectSymbol(")");
            return new CreateTypeStatement(name, ine, fields);
        }
        bool custom = p.TryKeyword("custom");
        if (p.TryKeyword("index")) return ParseCreateIndex(p, custom);
        throw p.NoViableAlternative();
    }

    private static bool IfNotExists(ParserState p)
    {
        if (!p.TryKeyword("if")) return false;
        p.ExpectKeyword("not");
        p.ExpectKeyword("exists");
        return true;
    }

    private static bool IfExists(ParserState p)
    {
        if (!p.TryKeyword("if")) return false;
        p.ExpectKeyword("exists");
        return true;
    }

    private static CreateTableStatement ParseCreateTable(ParserState p)
    {
        bool ine = IfNotExists(p);
        var name = p.QualifiedName();
        p.ExpectSymbol("(");
        var columns = new List<ColumnDefinition>();
        var pk = new List<string>();
        var clustering = new List<string>();
        do
        {
            if (p.PeekKeyword("primary") && p.PeekKeyword("key", 1))
            {
                p.Next();
                p.Next();
                p.ExpectSymbol("(");
                if (p.TrySymbol("("))
                {
                    do pk.Add(p.Identifier()); while (p.TrySymbol(","));
                    p.ExpectSymbol(")");
                }
                else pk.Add(p.Identifier());
                while (p.TrySymbol(",")) clustering.Add(p.Identifier());
                p.ExpectSymbol(")");
                continue;
            }
            if (p.PeekSymbol(")")) break; // trailing comma
            string col = p.Identifier();
            string type = TermParser.ParseTypeText(p);
            bool isStatic = p.TryKeyword("static");
            if (p.TryKeyword("primary"))
            {
                p.ExpectKeyword("key");
                pk.Add(col);
            }
            columns.Add(new ColumnDefinition(col, type, isStatic));
        }
        while (p.TrySymbol(","));
        p.ExpectSymbol(")");
        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        var order = new List<Ordering>();
        bool compact = false;
        if (p.TryKeyword("with"))
        {
            do
            {
                if (p.TryKeyword("clustering"))
                {
                    p.ExpectKeyword("order");
                    p.ExpectKeyword("by");
                    p.ExpectSymbol("(");
                    do
                    {
                        string c = p.Identifier();
                        bool desc = p.TryKeyword("desc");
                        if (!desc) p.TryKeyword("asc");
                        order.Add(new Ordering(c, desc));
                    }
                    while (p.TrySymbol(","));
                    p.ExpectSymbol(")");
                }
                else if (p.TryKeyword("compact"))
                {
                    p.ExpectKeyword("storage");
                    compact = true;
                }
                else
                {
                    string opt = p.Identifier();
                    p.ExpectSymbol("=");
                    options[opt] = TermParser.ParseOptionValue(p);
                }
            }
            while (p.TryKeyword("and"));
        }
        return new CreateTableStatement(name, ine, columns, pk, clustering, order, options, compact);
    }

    private static CreateIndexStatement ParseCreateIndex(ParserState p, bool custom)
    {
        bool ine = IfNotExists(p);
        string? name = p.PeekKeyword("on") ? null : p.Identifier();
        p.ExpectKeyword("on");
        var table = p.QualifiedName();
        p.ExpectSymbol("(");
        string target;
        if (p.PeekSymbol("(", 1))
        {
            string fn = p.Next().Text;
            p.ExpectSymbol("(");
            string col = p.Identifier();
            p.ExpectSymbol(")");
            target = $"{fn}({col})";
        }
        else target = p.Identifier();
        p.ExpectSymbol(")");
        string? cls = null;
        if (p.TryKeyword("using")) cls = p.Next().Text;
        if (p.TryKeyword("with"))
        {
            var ignored = new Dictionary<string, object>();
            TermParser.ParseProperties(p, ignored);
        }
        return new CreateIndexStatement(table, name, ine, target, custom ? cls ?? "" : cls);
    }

    public static Statement ParseAlter(ParserState p)
    {
        p.ExpectKeyword("alter");
        if (p.TryKeyword("keyspace") || p.TryKeyword("schema"))
        {
            bool ie = IfExists(p);
            string name = p.Identifier();
            p.ExpectKeyword("with");
            var options = new Dictionary<string, object>(StringComparer.Ordinal);
            TermParser.ParseProperties(p, options);
            return new AlterKeyspaceStatement(name, ie, options);
        }
        if (p.TryKeyword("table") || p.TryKeyword("columnfamily")) return ParseAlterTable(p);
        if (p.TryKeyword("type"))
        {
            var name = p.QualifiedName();
            var adds = new List<KeyValuePair<string, string>>();
            var renames = new List<KeyValuePair<string, string>>();
            if (p.TryKeyword("add"))
            {
                string f = p.Identifier();
                adds.Add(new(f, TermParser.ParseTypeText(p)));
            }
            else if (p.TryKeyword("rename"))
            {
                do
                {
                    string a = p.Identifier();
                    p.ExpectKeyword("to");
                    renames.Add(new(a, p.Identifier()));
                }
                while (p.TryKeyword("and"));
            }
            else throw p.NoViableAlternative();
            return new AlterTypeStatement(name, adds, renames);
        }
        throw p.NoViableAlternative();
    }

    private static AlterTableStatement ParseAlterTable(ParserState p)
    {
        bool ie = IfExists(p);
        var name = p.QualifiedName();
        var adds = new List<ColumnDefinition>();
        var drops = new List<string>();
        var renames = new List<KeyValuePair<string, string>>();
        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        if (p.TryKeyword("add"))
        {
            bool paren = p.TrySymbol("(");
            do
            {
                string c = p.Identifier();
                string t = TermParser.ParseTypeText(p);
                adds.Add(new ColumnDefinition(c, t, p.TryKeyword("static")));
            }
            while (paren && p.TrySymbol(","));
            if (paren) p.ExpectSymbol(")");
        }
        else if (p.TryKeyword("drop"))
        {
            if (p.TrySymbol("("))
            {
                do drops.Add(p.Identifier()); while (p.TrySymbol(","));
                p.ExpectSymbol(")");
            }
            else drops.Add(p.Identifier());
            if (p.TryKeyword("using"))
            {
                p.ExpectKeyword("timestamp");
                p.Next();
            }
        }
        else if (p.TryKeyword("rename"))
        {
            do
            {
                string a = p.Identifier();
                p.ExpectKeyword("to");
                renames.Add(new(a, p.Identifier()));
            }
            while (p.TryKeyword("and"));
        }
        else if (p.TryKeyword("with")) TermParser.ParseProperties(p, options);
        else if (p.TryKeyword("alter"))
        {
            throw new Execution.CqlException(Abstractions.Wire.ErrorCode.Invalid, "Altering column types is no longer supported");
        }
        else throw p.NoViableAlternative();
        return new AlterTableStatement(name, ie, adds, drops, renames, options);
    }

    public static Statement ParseDrop(ParserState p)
    {
        p.ExpectKeyword("drop");
        if (p.TryKeyword("keyspace") || p.TryKeyword("schema"))
        {
            bool ie = IfExists(p);
            return new DropKeyspaceStatement(p.Identifier(), ie);
        }
        if (p.TryKeyword("table") || p.TryKeyword("columnfamily"))
        {
            bool ie = IfExists(p);
            return new DropTableStatement(p.QualifiedName(), ie);
        }
        if (p.TryKeyword("type"))
        {
            bool ie = IfExists(p);
            return new DropTypeStatement(p.QualifiedName(), ie);
        }
        if (p.TryKeyword("index"))
        {
            bool ie = IfExists(p);
            return new DropIndexStatement(p.QualifiedName(), ie);
        }
        throw p.NoViableAlternative();
    }
}
