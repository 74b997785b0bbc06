namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A value expression. Terms are typed late: the receiver (column, marker slot) decides how a literal reads.</summary>
internal abstract record Term;
