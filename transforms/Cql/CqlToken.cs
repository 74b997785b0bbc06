namespace ScriptProxy.Transforms.Cql;

/// <summary>One lexical token of a CQL statement: its kind, where it is in the text, and its value.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Start">Offset of the first character in the statement text.</param>
/// <param name="Length">Characters the token spans in the text (quotes included).</param>
/// <param name="Value">Identifiers lower-cased unless quoted, strings unescaped, symbols as written.</param>
internal readonly record struct CqlToken(CqlTokenKind Kind, int Start, int Length, string Value)
{
    /// <summary>True for an unquoted identifier equal (case-insensitively) to <paramref name="keyword"/>.</summary>
    public bool Is(string keyword) => Kind == CqlTokenKind.Identifier && string.Equals(Value, keyword, StringComparison.Ordinal);

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == CqlTokenKind.Symbol && Value == symbol;

    /// <summary>A name (table, keyspace, column): unquoted or quoted identifier.</summary>
    public bool IsName => Kind is CqlTokenKind.Identifier or CqlTokenKind.QuotedIdentifier;

    /// <summary>A literal constant (not a marker, not a collection).</summary>
    public bool IsLiteral => Kind is CqlTokenKind.String or CqlTokenKind.Integer or CqlTokenKind.Float or CqlTokenKind.Hex or CqlTokenKind.Uuid
        || (Kind == CqlTokenKind.Identifier && Value is "true" or "false" or "null" or "nan" or "infinity");

    /// <summary>A bind marker, positional or named.</summary>
    public bool IsMarker => Kind is CqlTokenKind.Marker or CqlTokenKind.NamedMarker;
}
