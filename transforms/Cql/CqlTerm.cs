namespace ScriptProxy.Transforms.Cql;

/// <summary>
/// A term assigned to or compared with a column: a single literal, a bind marker, or anything more complex
/// (collections, function calls, arithmetic), which transforms treat as opaque.
/// </summary>
/// <param name="FirstToken">Index of the term's first token.</param>
/// <param name="LastToken">Index of the term's last token (inclusive).</param>
/// <param name="MarkerIndex">For a marker: its position among all the statement's markers (= the bound value's index); else -1.</param>
internal sealed record CqlTerm(int FirstToken, int LastToken, int MarkerIndex)
{
    /// <summary>The single literal token, when the term is one.</summary>
    public CqlToken? Literal { get; init; }

    /// <summary>The marker token, when the term is one.</summary>
    public CqlToken? Marker { get; init; }

    public bool IsLiteral => Literal is not null;

    public bool IsMarker => Marker is not null;
}
