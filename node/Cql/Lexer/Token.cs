namespace ScriptProxy.Node.Cql.Lexer;

/// <summary>
/// One token. <see cref="Text"/> is the decoded value (lowercased for unquoted identifiers, unescaped for strings);
/// <see cref="Raw"/> is the source spelling, used in error messages the way Cassandra's ANTLR parser reports them.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, string Raw, int Line, int Column, int Offset)
{
    public bool IsSymbol(string s) => Kind == TokenKind.Symbol && Text == s;

    /// <summary>True for an unquoted identifier equal (case-insensitively) to <paramref name="keyword"/>.</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    public override string ToString() => Kind == TokenKind.EndOfInput ? "<EOF>" : Raw;
}
