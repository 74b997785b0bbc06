using System.Buffers.Binary;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution;

/// <summary>
/// Builds partition keys the way Cassandra serializes them (single column: the value bytes; composite: each
/// component as [short length][bytes][0x00]), so tokens match what drivers compute for routing.
/// </summary>
internal static class KeyEncoder
{
    public static PartitionKey Encode(TableMetadata table, object?[] values)
    {
        var pk = table.PartitionKey;
        if (pk.Count == 1) return new PartitionKey(Serialize(pk[0], values[0]), values);
        var parts = new byte[pk.Count][];
        int total = 0;
        for (int i = 0; i < pk.Count; i++)
        {
            parts[i] = Serialize(pk[i], values[i]);
            total += parts[i].Length + 3;
        }
        var bytes = new byte[total];
        int o = 0;
        foreach (var p in parts)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(o), (ushort)p.Length);
            p.CopyTo(bytes, o + 2);
            o += p.Length + 3;
        }
        return new PartitionKey(bytes, values);
    }

    private static byte[] Serialize(ColumnMetadata column, object? value)
    {
        if (value is null) throw CqlException.Invalid($"Invalid null value in condition for column {column.Name}");
        if (value is UnsetValue) throw CqlException.Invalid($"Invalid unset value for column {column.Name}");
        return CqlValueCodec.Serialize(column.Type, value, 4);
    }

    /// <summary>Every combination of the per-column candidate values (IN lists multiply).</summary>
    public static List<object?[]> Cartesian(IReadOnlyList<List<object?>> perColumn)
    {
        var result = new List<object?[]> { Array.Empty<object?>() };
        foreach (var options in perColumn)
        {
            var next = new List<object?[]>(result.Count * Math.Max(1, options.Count));
            foreach (var prefix in result)
            {
                foreach (var o in options)
                {
                    var combined = new object?[prefix.Length + 1];
                    prefix.CopyTo(combined, 0);
                    combined[^1] = o;
                    next.Add(combined);
                }
            }
            result = next;
        }
        return result;
    }
}
