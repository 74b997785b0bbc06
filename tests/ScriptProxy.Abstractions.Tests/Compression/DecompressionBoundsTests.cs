using System.Buffers.Binary;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Compression;

/// <summary>
/// Found by the fuzzer: a compressed body that declares a huge uncompressed length made Decompress rent a
/// buffer of that size before finding out the data was garbage (a 13-byte frame cost 64 MiB; many
/// connections could exhaust memory). A declared length beyond what the format can expand to is now rejected first.
/// </summary>
public class DecompressionBoundsTests
{
    private const int Declared = 200 << 20;

    [Fact]
    public void Lz4_length_beyond_the_maximum_expansion_is_rejected_without_renting_it()
    {
        var body = new byte[4 + 9];
        BinaryPrimitives.WriteInt32BigEndian(body, Declared);
        AssertRejectedCheaply(() => Lz4BodyCompressor.Instance.Decompress(body, BodyCompression.DefaultMaxDecompressedLength));
    }

    [Fact]
    public void Snappy_length_beyond_the_maximum_expansion_is_rejected_without_renting_it()
    {
        // A varint uncompressed length of 200 MiB followed by a few bytes of nothing useful.
        byte[] body = [0x80, 0x80, 0x80, 0x64, 0x00, 0x01, 0x02, 0x03];
        AssertRejectedCheaply(() => SnappyBodyCompressor.Instance.Decompress(body, BodyCompression.DefaultMaxDecompressedLength));
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("snappy")]
    public void Highly_compressible_bodies_still_round_trip(string name)
    {
        // All zeros is the best case for both formats: it must stay within the expansion bound.
        var compressor = BodyCompression.Create(name)!;
        var body = new byte[4 << 20];
        using var writer = new Abstractions.Buffers.PooledBufferWriter();
        compressor.Compress(body, writer);
        using var lease = compressor.Decompress(writer.WrittenSpan, BodyCompression.DefaultMaxDecompressedLength);
        Assert.Equal(body.Length, lease.Length);
    }

    private static void AssertRejectedCheaply(Func<IDisposable> decompress)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsAny<CqlProtocolException>(() => decompress().Dispose());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("cannot hold", e.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated:N0} bytes");
    }
}
