namespace ScriptProxy.Node.Cql.Lexer;

/// <summary>Lexical classes of CQL. Keywords are not a separate class: CQL lets most keywords be identifiers.</summary>
internal enum TokenKind
{
    Identifier,
    QuotedName,
    String,
    Integer,
    Float,
    Hex,
    Uuid,
    Duration,
    Symbol,
    QuestionMark,
    NamedMarker,
    EndOfInput,
}
