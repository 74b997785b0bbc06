namespace ScriptProxy.Node.Cql.Ast;

internal enum AssignmentKind
{
    /// <summary>col = v</summary>
    Set,
    /// <summary>col = col + v (append, union, counter increment)</summary>
    Add,
    /// <summary>col = v + col (list prepend)</summary>
    Prepend,
    /// <summary>col = col - v (removal, counter decrement)</summary>
    Subtract,
    /// <summary>col[k] = v</summary>
    SetElement,
    /// <summary>col.field = v</summary>
    SetField,
}
