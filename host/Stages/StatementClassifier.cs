using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Classifies CQL text by its first keyword and finds the keyspace and table it names, without a full
/// parser: <c>SELECT ... FROM [ks.]t</c>, <c>INSERT INTO</c>, <c>UPDATE</c>, <c>DELETE ... FROM</c>,
/// <c>TRUNCATE [TABLE]</c>, <c>BEGIN ... BATCH</c>, <c>CREATE/ALTER/DROP</c>, <c>USE ks</c>.
/// Quoted identifiers keep their case; unquoted ones are lower-cased as Cassandra does.
/// </summary>
public static class StatementClassifier
{
    /// <summary>The kind of a statement text.</summary>
    public static StatementKind Classify(string? cql)
    {
        string first = Word(cql, 0, out _);
        return first switch
        {
            "select" => StatementKind.Read,
            "insert" or "update" or "delete" or "truncate" or "begin" or "apply" => StatementKind.Write,
            "create" or "alter" or "drop" => StatementKind.Schema,
            _ => StatementKind.Other,
        };
    }

    /// <summary>The keyspace and table a statement names (either may be null).</summary>
    public static (string? Keyspace, string? Table) Target(string? cql)
    {
        if (cql is null) return (null, null);
        string first = Word(cql, 0, out int at);
        switch (first)
        {
            case "use":
                return (Identifier(cql, ref at), null);
            case "select":
            case "delete":
                int from = IndexOfWord(cql, "from", at);
                if (from < 0) return (null, null);
                at = from + 4;
                break;
            case "insert":
                if (Word(cql, at, out at) != "into") return (null, null);
                break;
            case "truncate":
                int save = at;
                if (Word(cql, at, out int next) == "table") save = next;
                at = save;
                break;
            case "update":
                break;
            case "create" or "alter" or "drop":
                return SchemaTarget(cql, at);
            default:
                return (null, null);
        }
        return Qualified(cql, at);
    }

    /// <summary>
    /// What a CREATE / ALTER / DROP names: a keyspace, or the table of a table, view, index or trigger (so keyspace
    /// and table scopes apply to schema changes too); a type, function or aggregate gives its keyspace only.
    /// </summary>
    private static (string? Keyspace, string? Table) SchemaTarget(string cql, int at)
    {
        string what = Word(cql, at, out at);
        if (what == "or" && Word(cql, at, out int afterOr) == "replace") what = Word(cql, afterOr, out at);
        if (what is "materialized" or "custom") what = Word(cql, at, out at);
        int afterIf = at;
        if (Word(cql, at, out int next) == "if")
        {
            afterIf = next;
            if (Word(cql, afterIf, out next) == "not") afterIf = next;
            if (Word(cql, afterIf, out next) == "exists") afterIf = next;
        }
        at = afterIf;
        switch (what)
        {
            case "keyspace" or "schema":
                return (Identifier(cql, ref at), null);
            case "table" or "columnfamily" or "view":
                return Qualified(cql, at);
            case "type" or "function" or "aggregate":
                return (Qualified(cql, at) is ({ } ks, _) ? ks : null, null);
            case "index" or "trigger":
                // CREATE INDEX [name] ON ks.t (...), CREATE/DROP TRIGGER name ON ks.t; DROP INDEX ks.name has no table.
                int on = IndexOfWord(cql, "on", at);
                if (on >= 0) return Qualified(cql, on + 2);
                return (Qualified(cql, at) is ({ } indexKs, _) ? indexKs : null, null);
            default:
                return (null, null);
        }
    }

    /// <summary>"ks.name" as (ks, name), "name" as (null, name).</summary>
    private static (string? Keyspace, string? Table) Qualified(string cql, int at)
    {
        string? name = Identifier(cql, ref at);
        if (name is null) return (null, null);
        SkipSpace(cql, ref at);
        if (at < cql.Length && cql[at] == '.')
        {
            at++;
            return (name, Identifier(cql, ref at));
        }
        return (null, name);
    }

    private static string Word(string? text, int start, out int end)
    {
        end = start;
        if (text is null) return "";
        SkipSpace(text, ref end);
        int begin = end;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
        return text[begin..end].ToLowerInvariant();
    }

    private static void SkipSpace(string text, ref int at)
    {
        while (at < text.Length)
        {
            if (char.IsWhiteSpace(text[at])) at++;
            else if (text[at] == '-' && at + 1 < text.Length && text[at + 1] == '-') SkipLine(text, ref at);
            else if (text[at] == '/' && at + 1 < text.Length && text[at + 1] == '/') SkipLine(text, ref at);
            else if (text[at] == '/' && at + 1 < text.Length && text[at + 1] == '*')
            {
                int close = text.IndexOf("*/", at + 2, StringComparison.Ordinal);
                at = close < 0 ? text.Length : close + 2;
            }
            else return;
        }
    }

    private static void SkipLine(string text, ref int at)
    {
        int newline = text.IndexOf('\n', at);
        at = newline < 0 ? text.Length : newline + 1;
    }

    private static string? Identifier(string text, ref int at)
    {
        SkipSpace(text, ref at);
        if (at >= text.Length) return null;
        if (text[at] == '"')
        {
            var sb = new System.Text.StringBuilder();
            for (at++; at < text.Length; at++)
            {
                if (text[at] != '"') sb.Append(text[at]);
                else if (at + 1 < text.Length && text[at + 1] == '"') sb.Append(text[++at]);
                else
                {
                    at++;
                    return sb.ToString();
                }
            }
            return null;
        }
        int begin = at;
        while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] == '_')) at++;
        return at > begin ? text[begin..at].ToLowerInvariant() : null;
    }

    /// <summary>Finds a keyword as a whole word outside quotes, from <paramref name="start"/>.</summary>
    private static int IndexOfWord(string text, string word, int start)
    {
        bool single = false, dbl = false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (!single && !dbl && string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (i == 0 || !char.IsLetterOrDigit(text[i - 1])) && (i + word.Length >= text.Length || !char.IsLetterOrDigit(text[i + word.Length])))
                return i;
        }
        return -1;
    }
}
