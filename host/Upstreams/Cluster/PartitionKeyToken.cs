using System.Buffers;
using System.Buffers.Binary;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// The Murmur3Partitioner token of a partition key, computed from the serialized key components exactly as
/// Cassandra does: one column hashes its value bytes; a composite key hashes each component as
/// <c>[unsigned short length][bytes][0x00]</c> concatenated (CompositeType encoding).
/// </summary>
internal static class PartitionKeyToken
{
    /// <summary>Token of a single-column partition key (its serialized value).</summary>
    public static long Of(ReadOnlySpan<byte> key) => Murmur3.Token(key);

    /// <summary>Token of a key made of <paramref name="components"/> (one: the value itself; several: composite encoding).</summary>
    public static long Of(IReadOnlyList<ReadOnlyMemory<byte>> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 1) return Of(components[0].Span);
        int length = CompositeLength(components);
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            WriteComposite(components, rented);
            return Of(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The composite (multi-column) key bytes, for tests and diagnostics.</summary>
    public static byte[] Composite(IReadOnlyList<ReadOnlyMemory<byte>> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var bytes = new byte[CompositeLength(components)];
        WriteComposite(components, bytes);
        return bytes;
    }

    private static int CompositeLength(IReadOnlyList<ReadOnlyMemory<byte>> components)
    {
        int length = 0;
        for (int i = 0; i < components.Count; i++)
        {
            if (components[i].Length > ushort.MaxValue) throw new ArgumentException("A partition key component is longer than 65535 bytes", nameof(components));
            length += 2 + components[i].Length + 1;
        }
        return length;
    }

    private static void WriteComposite(IReadOnlyList<ReadOnlyMemory<byte>> components, Span<byte> destination)
    {
        int offset = 0;
        for (int i = 0; i < components.Count; i++)
        {
            var component = components[i].Span;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)component.Length);
            component.CopyTo(destination[(offset + 2)..]);
            destination[offset + 2 + component.Length] = 0;
            offset += 2 + component.Length + 1;
        }
    }
}
