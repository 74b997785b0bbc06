namespace ScriptProxy.Node.Cql.Ast;

/// <summary>The * inside count(*).</summary>
internal sealed record StarSelector : Selector;
