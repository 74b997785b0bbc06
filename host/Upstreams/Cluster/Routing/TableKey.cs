using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Host.Upstreams.Cluster.Routing;

/// <summary>The partition key columns of a table, in key order, with their types (from system_schema.columns).</summary>
internal sealed record TableKey(IReadOnlyList<string> Columns, IReadOnlyList<CqlType> Types)
{
    /// <summary>
    /// The routing token of <paramref name="statement"/> when it fixes every partition key column to a literal of
    /// a convertible type; null otherwise.
    /// </summary>
    public long? TokenOf(StatementKey statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var components = new ReadOnlyMemory<byte>[Columns.Count];
        for (int i = 0; i < Columns.Count; i++)
        {
            if (!statement.Literals.TryGetValue(Columns[i], out var literal)) return null;
            if (!LiteralKeyEncoder.TryEncode(Types[i], literal, out var bytes)) return null;
            components[i] = bytes;
        }
        return PartitionKeyToken.Of(components);
    }
}
