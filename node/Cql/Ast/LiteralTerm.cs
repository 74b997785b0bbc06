namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A constant exactly as written; converted once the receiving type is known.</summary>
internal sealed record LiteralTerm(LiteralKind Kind, string Text) : Term;
