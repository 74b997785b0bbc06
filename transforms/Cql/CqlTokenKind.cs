namespace ScriptProxy.Transforms.Cql;

/// <summary>What a <see cref="CqlToken"/> is.</summary>
internal enum CqlTokenKind
{
    /// <summary>An unquoted name or keyword; its value is lower-cased (CQL folds unquoted names).</summary>
    Identifier,
    /// <summary>A "double-quoted" name; its value keeps its case.</summary>
    QuotedIdentifier,
    /// <summary>A 'single-quoted' or $$dollar-quoted$$ string; its value is unescaped.</summary>
    String,
    Integer,
    Float,
    /// <summary>A blob literal 0x...; its value is the hex digits.</summary>
    Hex,
    Uuid,
    /// <summary>A positional bind marker "?".</summary>
    Marker,
    /// <summary>A named bind marker ":name"; its value is the name.</summary>
    NamedMarker,
    /// <summary>Punctuation or an operator.</summary>
    Symbol,
}
