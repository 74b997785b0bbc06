namespace ScriptProxy.Node.Cql.Ast;

internal enum LiteralKind
{
    String,
    Integer,
    Float,
    Hex,
    Uuid,
    Boolean,
    Null,
    Duration,
}
