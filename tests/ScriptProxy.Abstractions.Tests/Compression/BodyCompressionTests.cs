using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Compression;

public class BodyCompressionTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "lz4", "snappy" })
        {
            foreach (int size in new[] { 0, 1, 100, 4096, 65536, 1 << 20 }) data.Add(name, size);
        }
        return data;
    }

    /// <summary>Half random, half repetitive: exercises both literal runs and matches.</summary>
    private static byte[] Body(int size, int seed)
    {
        var r = new Random(seed);
        var b = new byte[size];
        r.NextBytes(b.AsSpan(0, size / 2));
        for (int i = size / 2; i < size; i++) b[i] = (byte)(i % 7);
        return b;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Round_trips(string name, int size)
    {
        var c = BodyCompression.Create(name)!;
        byte[] body = Body(size, size);
        using var w = new PooledBufferWriter();
        int n = c.Compress(body, w);
        Assert.Equal(w.WrittenCount, n);
        Assert.True(n <= c.MaxCompressedLength(size));
        using var lease = c.Decompress(w.WrittenSpan, BodyCompression.DefaultMaxDecompressedLength);
        Assert.Equal(body, lease.Span.ToArray());
    }

    [Fact]
    public void Lz4_prefix_is_big_endian_uncompressed_length()
    {
        using var w = new PooledBufferWriter();
        Lz4BodyCompressor.Instance.Compress(new byte[0x010203], w);
        Assert.Equal(new byte[] { 0x00, 0x01, 0x02, 0x03 }, w.WrittenSpan[..4].ToArray());
    }

    [Fact]
    public void Factory_maps_startup_option()
    {
        Assert.Null(BodyCompression.Create(null));
        Assert.Null(BodyCompression.Create("none"));
        Assert.Same(Lz4BodyCompressor.Instance, BodyCompression.Create("LZ4"));
        Assert.Equal("snappy", BodyCompression.Create("snappy")!.Name);
        var ex = Assert.Throws<CqlProtocolException>(() => BodyCompression.Create("zstd"));
        Assert.Contains("zstd", ex.Message);
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("snappy")]
    public void Oversize_declared_length_is_rejected_before_allocating(string name)
    {
        var c = BodyCompression.Create(name)!;
        using var w = new PooledBufferWriter();
        c.Compress(new byte[1000], w);
        var ex = Assert.Throws<CqlProtocolException>(() => c.Decompress(w.WrittenSpan, 999));
        Assert.Contains("999", ex.Message);
        // A hostile lz4 prefix claiming 2 GB.
        byte[] hostile = [0x7F, 0xFF, 0xFF, 0xFF, 0x00];
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCompressor.Instance.Decompress(hostile, BodyCompression.DefaultMaxDecompressedLength));
        byte[] negative = [0xFF, 0xFF, 0xFF, 0xFF, 0x00];
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCompressor.Instance.Decompress(negative, BodyCompression.DefaultMaxDecompressedLength));
        // A snappy varint claiming ~2 GB.
        byte[] snappyHostile = [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00];
        Assert.Throws<CqlProtocolException>(() => SnappyBodyCompressor.Instance.Decompress(snappyHostile, BodyCompression.DefaultMaxDecompressedLength));
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("snappy")]
    public void Corrupt_input_throws_protocol_exception(string name)
    {
        var c = BodyCompression.Create(name)!;
        byte[] body = Body(5000, 1);
        using var w = new PooledBufferWriter();
        c.Compress(body, w);
        byte[] good = w.WrittenSpan.ToArray();
        var r = new Random(3);
        int detected = 0;
        for (int i = 0; i < 500; i++)
        {
            byte[] bad = (byte[])good.Clone();
            if (i % 3 == 0) bad = bad[..r.Next(bad.Length)];
            else bad[r.Next(bad.Length)] ^= (byte)(1 << r.Next(8));
            try
            {
                using var lease = c.Decompress(bad, 1 << 20);
                // Some flips land in literals and still decode to the right length: that is not detectable here
                // (v3/v4 bodies carry no checksum).
            }
            catch (CqlProtocolException)
            {
                detected++;
            }
        }
        Assert.True(detected > 100, $"only {detected} corruptions detected");
        Assert.Throws<CqlProtocolException>(() => c.Decompress([], 100));
        Assert.Throws<CqlProtocolException>(() => c.Decompress([0x05, 0x00, 0x00], 100));
    }

    [Fact]
    public void Lz4_truncated_prefix_throws() =>
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCompressor.Instance.Decompress([0, 0, 1], 100));

    [Fact]
    public void Lz4_declared_length_must_match_block()
    {
        using var w = new PooledBufferWriter();
        Lz4BodyCompressor.Instance.Compress(new byte[100], w);
        byte[] bad = w.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bad, 101);
        Assert.Throws<CqlProtocolException>(() => Lz4BodyCompressor.Instance.Decompress(bad, 1000));
    }
}
