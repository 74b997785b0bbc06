namespace ScriptProxy.Node.Cql.Ast;

internal enum BatchKind
{
    Logged = 0,
    Unlogged = 1,
    Counter = 2,
}
