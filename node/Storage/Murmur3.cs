using System.Buffers.Binary;
using System.Numerics;

namespace ScriptProxy.Node.Storage;

/// <summary>
/// Cassandra's Murmur3Partitioner token: the first half of MurmurHash3 x64/128 with seed 0, reproducing Cassandra's
/// quirk of sign-extending the tail bytes (so drivers' token-aware routing agrees with us).
/// </summary>
internal static class Murmur3
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    public static long Token(ReadOnlySpan<byte> key)
    {
        long h = Hash(key);
        return h == long.MinValue ? long.MaxValue : h;
    }

    private static long Hash(ReadOnlySpan<byte> data)
    {
        int length = data.Length;
        int blocks = length / 16;
        ulong h1 = 0, h2 = 0;
        for (int i = 0; i < blocks; i++)
        {
            ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 16)..]);
            ulong k2 = BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 16 + 8)..]);
            k1 *= C1; k1 = BitOperations.RotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            h1 = BitOperations.RotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
            k2 *= C2; k2 = BitOperations.RotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
            h2 = BitOperations.RotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
        }
        var tail = data[(blocks * 16)..];
        ulong t1 = 0, t2 = 0;
        // Java reads the tail as signed bytes and widens them to long: (long)b sign-extends.
        for (int i = tail.Length - 1; i >= 8; i--) t2 ^= (ulong)(long)(sbyte)tail[i] << ((i - 8) * 8);
        if (tail.Length > 8)
        {
            t2 *= C2; t2 = BitOperations.RotateLeft(t2, 33); t2 *= C1; h2 ^= t2;
        }
        for (int i = Math.Min(tail.Length, 8) - 1; i >= 0; i--) t1 ^= (ulong)(long)(sbyte)tail[i] << (i * 8);
        if (tail.Length > 0)
        {
            t1 *= C1; t1 = BitOperations.RotateLeft(t1, 31); t1 *= C2; h1 ^= t1;
        }
        h1 ^= (ulong)length; h2 ^= (ulong)length;
        h1 += h2; h2 += h1;
        h1 = Fmix(h1); h2 = Fmix(h2);
        h1 += h2;
        return (long)h1;
    }

    private static ulong Fmix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
