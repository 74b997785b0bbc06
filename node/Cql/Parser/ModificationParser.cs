using ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Cql.Parser;

/// <summary>INSERT, UPDATE, DELETE and BEGIN ... APPLY BATCH.</summary>
internal static class ModificationParser
{
    public static InsertStatement ParseInsert(ParserState p)
    {
        p.ExpectKeyword("insert");
        p.ExpectKeyword("into");
        var table = p.QualifiedName();
        var columns = new List<string>();
        var values = new List<Term>();
        Term? json = null;
        bool defaultUnset = false;
        if (p.TryKeyword("json"))
        {
            json = TermParser.Parse(p);
            if (p.TryKeyword("default"))
            {
                if (p.TryKeyword("unset")) defaultUnset = true;
                else p.ExpectKeyword("null");
            }
        }
        else
        {
            p.ExpectSymbol("(");
            do columns.Add(p.Identifier()); while (p.TrySymbol(","));
            p.ExpectSymbol(")");
            p.ExpectKeyword("values");
            values = TermParser.ParseList(p, "(", ")");
            if (values.Count != columns.Count)
                throw new Execution.CqlException(Abstractions.Wire.ErrorCode.Invalid, "Unmatched column names/values");
        }
        bool ifNotExists = false;
        if (p.TryKeyword("if"))
        {
            p.ExpectKeyword("not");
            p.ExpectKeyword("exists");
            ifNotExists = true;
        }
        var (ttl, ts) = ParseUsing(p);
        return new InsertStatement(table, columns, values, json, defaultUnset, ifNotExists, ttl, ts);
    }

    /// <summary>USING TTL x AND TIMESTAMP y, in either order; absent parts are null.</summary>
    public static (Term? Ttl, Term? Timestamp) ParseUsing(ParserState p)
    {
        Term? ttl = null, ts = null;
        if (!p.TryKeyword("using")) return (null, null);
        do
        {
            if (p.TryKeyword("ttl")) ttl = TermParser.Parse(p);
            else if (p.TryKeyword("timestamp")) ts = TermParser.Parse(p);
            else throw p.Mismatched("TTL or TIMESTAMP");
        }
        while (p.TryKeyword("and"));
        return (ttl, ts);
    }

    public static UpdateStatement ParseUpdate(ParserState p)
    {
        p.ExpectKeyword("update");
        var table = p.QualifiedName();
        var (ttl, ts) = ParseUsing(p);
        p.ExpectKeyword("set");
        var assignments = new List<Assignment>();
        do assignments.Add(ParseAssignment(p)); while (p.TrySymbol(","));
        p.ExpectKeyword("where");
        var where = WhereParser.ParseWhere(p);
        var (conditions, ifExists) = ParseIf(p);
        return new UpdateStatement(table, ttl, ts, assignments, where, conditions, ifExists);
    }

    private static (List<Condition>, bool) ParseIf(ParserState p)
    {
        if (!p.TryKeyword("if")) return ([], false);
        if (p.TryKeyword("exists")) return ([], true);
        return (WhereParser.ParseConditions(p), false);
    }

    private static Assignment ParseAssignment(ParserState p)
    {
        string column = p.Identifier();
        if (p.TrySymbol("["))
        {
            var key = TermParser.Parse(p);
            p.ExpectSymbol("]");
            p.ExpectSymbol("=");
            return new Assignment(column, AssignmentKind.SetElement, TermParser.Parse(p), key);
        }
        if (p.TrySymbol("."))
        {
            string field = p.Identifier();
            p.ExpectSymbol("=");
            return new Assignment(column, AssignmentKind.SetField, TermParser.Parse(p), null, field);
        }
        if (p.TrySymbol("+=")) return new Assignment(column, AssignmentKind.Add, TermParser.Parse(p));
        if (p.TrySymbol("-=")) return new Assignment(column, AssignmentKind.Subtract, TermParser.Parse(p));
        p.ExpectSymbol("=");
        if (p.PeekIdentifier() && p.Peek().Text == column && (p.PeekSymbol("+", 1) || p.PeekSymbol("-", 1)))
        {
            p.Next();
            bool add = p.Next().Text == "+";
            return new Assignment(column, add ? AssignmentKind.Add : AssignmentKind.Subtract, TermParser.Parse(p));
        }
        var value = TermParser.Parse(p);
        if (p.PeekSymbol("+") && p.PeekIdentifier(1) && p.Peek(1).Text == column)
        {
            p.Next();
            p.Next();
            return new Assignment(column, AssignmentKind.Prepend, value);
        }
        return new Assignment(column, AssignmentKind.Set, value);
    }

    public static DeleteStatement ParseDelete(ParserState p)
    {
        p.ExpectKeyword("delete");
        var targets = new List<DeleteTarget>();
        if (!p.PeekKeyword("from"))
        {
            do
            {
                string c = p.Identifier();
                Term? key = null;
                if (p.TrySymbol("["))
                {
                    key = TermParser.Parse(p);
                    p.ExpectSymbol("]");
                }
                targets.Add(new DeleteTarget(c, key));
            }
            while (p.TrySymbol(","));
        }
        p.ExpectKeyword("from");
        var table = p.QualifiedName();
        var (ttl, ts) = ParseUsing(p);
        if (ttl is not null) throw new Execution.CqlException(Abstractions.Wire.ErrorCode.Invalid, "TTL is not supported on DELETE");
        p.ExpectKeyword("where");
        var where = WhereParser.ParseWhere(p);
        var (conditions, ifExists) = ParseIf(p);
        return new DeleteStatement(table, targets, ts, where, conditions, ifExists);
    }

    public static BatchStatement ParseBatch(ParserState p)
    {
        p.ExpectKeyword("begin");
        var kind = BatchKind.Logged;
        if (p.TryKeyword("unlogged")) kind = BatchKind.Unlogged;
        else if (p.TryKeyword("counter")) kind = BatchKind.Counter;
        else p.TryKeyword("logged");
        p.ExpectKeyword("batch");
        var (_, ts) = ParseUsing(p);
        var statements = new List<Statement>();
        while (!p.PeekKeyword("apply"))
        {
            if (p.PeekKeyword("insert")) statements.Add(ParseInsert(p));
            else if (p.PeekKeyword("update")) statements.Add(ParseUpdate(p));
            else if (p.PeekKeyword("delete")) statements.Add(ParseDelete(p));
            else throw p.NoViableAlternative();
            p.TrySymbol(";");
        }
        p.ExpectKeyword("apply");
        p.ExpectKeyword("batch");
        return new BatchStatement(kind, ts, statements);
    }
}
