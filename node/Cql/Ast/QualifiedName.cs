namespace ScriptProxy.Node.Cql.Ast;

/// <summary>[keyspace.]name as written; the keyspace falls back to the connection's USE keyspace.</summary>
internal sealed record QualifiedName(string? Keyspace, string Name)
{
    public override string ToString() => Keyspace is null ? Name : $"{Keyspace}.{Name}";
}
