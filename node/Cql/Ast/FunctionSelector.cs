namespace ScriptProxy.Node.Cql.Ast;

/// <summary>count(*), writetime(c), ttl(c), token(a, b), min(c), toJson(c), ... (name lowercased).</summary>
internal sealed record FunctionSelector(string Name, IReadOnlyList<Selector> Args) : Selector;
