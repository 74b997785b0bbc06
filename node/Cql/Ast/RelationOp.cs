namespace ScriptProxy.Node.Cql.Ast;

internal enum RelationOp
{
    Eq,
    Lt,
    Lte,
    Gt,
    Gte,
    Neq,
    In,
    Contains,
    ContainsKey,
    Like,
    IsNotNull,
}
