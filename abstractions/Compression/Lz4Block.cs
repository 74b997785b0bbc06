using K4os.Compression.LZ4;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Compression;

/// <summary>Raw LZ4 blocks (no frame format), shared by v3/v4 body compression and v5 segments.</summary>
internal static class Lz4Block
{
    /// <summary>Compresses into <paramref name="target"/>, which must hold <see cref="LZ4Codec.MaximumOutputSize"/> bytes.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> target)
    {
        if (source.IsEmpty)
        {
            // An LZ4 block for no input is a single zero token; K4os reports 0 bytes for it, other decoders want the token.
            target[0] = 0;
            return 1;
        }
        int n = LZ4Codec.Encode(source, target, LZ4Level.L00_FAST);
        if (n <= 0) throw new InvalidOperationException($"LZ4 compression of {source.Length} bytes failed");
        return n;
    }

    /// <summary>Decompresses exactly <c>target.Length</c> bytes; anything else is corruption.</summary>
    public static void Decompress(ReadOnlySpan<byte> source, Span<byte> target, string what)
    {
        if (target.IsEmpty) return;
        int n;
        try
        {
            // The span overload is the bounds-checked decoder: it returns -1 rather than overrunning on bad input.
            n = LZ4Codec.Decode(source, target);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new CqlProtocolException($"Corrupt {what}: {ex.Message}");
        }
        if (n != target.Length) throw new CqlProtocolException($"Corrupt {what}: LZ4 block decoded to {n} bytes, {target.Length} declared");
    }
}
