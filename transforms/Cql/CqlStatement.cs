using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Transforms.Cql;

/// <summary>
/// What the transforms need to know about one CQL statement, from a deliberately shallow parse: its kind, the table
/// it targets, the simple "column = term" pairs it writes or filters on, and its bind markers. Anything the parse
/// does not understand is left opaque rather than guessed at.
/// </summary>
internal sealed class CqlStatement
{
    public required string Text { get; init; }

    public required IReadOnlyList<CqlToken> Tokens { get; init; }

    public StatementKind Kind { get; init; } = StatementKind.Other;

    /// <summary>The first keyword, lower-cased: select, insert, update, delete, truncate, use, create, begin, ...</summary>
    public string Verb { get; init; } = "";

    /// <summary>The keyspace named in the statement (qualifier, USE or CREATE KEYSPACE), or null.</summary>
    public string? Keyspace { get; init; }

    /// <summary>The table (or other schema object) named in the statement, or null.</summary>
    public string? Table { get; init; }

    /// <summary>INSERT columns with their values, or UPDATE SET assignments.</summary>
    public IReadOnlyList<CqlColumnTerm> Assignments { get; init; } = [];

    /// <summary>WHERE relations of the form "column = term".</summary>
    public IReadOnlyList<CqlColumnTerm> WhereEqualities { get; init; } = [];

    /// <summary>True when the WHERE clause has anything besides "column = term" (IN, ranges, token(), tuples).</summary>
    public bool WhereHasOtherRelations { get; init; }

    /// <summary>INSERT ... JSON: its columns are inside a JSON string.</summary>
    public bool IsJson { get; init; }

    /// <summary>Number of bind markers (positional and named) in order of appearance.</summary>
    public int MarkerCount { get; init; }

    /// <summary>The statements of a text BATCH (BEGIN BATCH ... APPLY BATCH); empty otherwise.</summary>
    public IReadOnlyList<CqlStatement> Children { get; init; } = [];

    /// <summary>The name of bind marker <paramref name="index"/> when it is named (":name"), else null.</summary>
    public string? MarkerName(int index)
    {
        int n = 0;
        foreach (var t in Tokens)
        {
            if (!t.IsMarker) continue;
            if (n++ == index) return t.Kind == CqlTokenKind.NamedMarker ? t.Value : null;
        }
        return null;
    }
}
