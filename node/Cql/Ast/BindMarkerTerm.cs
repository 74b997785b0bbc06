namespace ScriptProxy.Node.Cql.Ast;

/// <summary>? or :name; Index is the position in the [values] list.</summary>
internal sealed record BindMarkerTerm(int Index, string? Name) : Term;
