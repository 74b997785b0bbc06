namespace ScriptProxy.Node.Cql.Ast;

/// <summary>A bare name used as a UDT field key inside {...}.</summary>
internal sealed record IdentifierTerm(string Name) : Term;
