using System.Text;
using ScriptProxy.Abstractions.Framing;

namespace ScriptProxy.Abstractions.Tests.Framing;

public class SegmentCrcTests
{
    /// <summary>Independent reference: a bit-at-a-time MSB-first shift register, one input bit per step.</summary>
    private static int ReferenceCrc24(ReadOnlySpan<byte> data, int init, int poly)
    {
        int crc = init;
        foreach (byte b in data)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                int feedback = ((crc >> 23) & 1) ^ ((b >> bit) & 1);
                crc = (crc << 1) & 0xFFFFFF;
                if (feedback != 0) crc ^= poly & 0xFFFFFF;
            }
        }
        return crc;
    }

    /// <summary>Independent reference CRC-32 (reflected, poly 0xEDB88320), bit at a time.</summary>
    private static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void Crc24_algorithm_matches_published_openpgp_vector() =>
        // Same algorithm with OpenPGP's CRC-24 parameters (RFC 4880): CRC-24("123456789") = 0x21CF02.
        Assert.Equal(0x21CF02, SegmentCrc24.Compute(Encoding.ASCII.GetBytes("123456789"), 0xB704CE, 0x1864CFB));

    [Fact]
    public void Crc24_matches_bitwise_reference_for_random_headers()
    {
        var r = new Random(24);
        for (int i = 0; i < 2000; i++)
        {
            var data = new byte[1 + (i % 8)];
            r.NextBytes(data);
            Assert.Equal(ReferenceCrc24(data, 0x875060, 0x1974F0B), SegmentCrc24.Compute(data));
        }
    }

    [Fact]
    public void Crc24_known_values_computed_independently()
    {
        // Computed with a separate Python port of Cassandra's Crc.crc24: header 0x020001 (len 1, self-contained).
        Assert.Equal(0xAC5672, SegmentCrc24.Compute([0x01, 0x00, 0x02]));
        Assert.Equal(0x629C56, SegmentCrc24.Compute([0x64, 0x00, 0x90, 0x01, 0x04]));
    }

    [Fact]
    public void Crc32_is_standard_crc32_seeded_with_cassandra_prefix()
    {
        byte[] check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, SegmentCrc32.Append(0, check));
        // zlib.crc32(b'\xfa\x2d\x55\xca') and zlib.crc32(b'123456789', that).
        Assert.Equal(0x44777ED3u, SegmentCrc32.Seed);
        Assert.Equal(0xE2A261A7u, SegmentCrc32.Compute(check));
    }

    [Fact]
    public void Crc32_slice_by_8_matches_bitwise_reference()
    {
        var r = new Random(32);
        for (int n = 0; n < 300; n++)
        {
            var data = new byte[n * 7];
            r.NextBytes(data);
            byte[] prefixed = [.. SegmentCrc32.Prefix, .. data];
            Assert.Equal(ReferenceCrc32(prefixed), SegmentCrc32.Compute(data));
            Assert.Equal(ReferenceCrc32(data), SegmentCrc32.Append(0, data));
        }
    }

    [Fact]
    public void Header_golden_bytes_follow_spec_bit_layout()
    {
        var h = new SegmentHeader(1, 0, true);
        var buf = new byte[8];
        h.Write(buf, lz4: false);
        Assert.Equal("0100027256AC", Convert.ToHexString(buf, 0, 6));
        Assert.Equal(h, SegmentHeader.Read(buf, lz4: false));

        // LZ4: compressed 100 | uncompressed 200 << 17 | self-contained << 34, 5 bytes LE, then CRC24 LE.
        var l = new SegmentHeader(100, 200, true);
        l.Write(buf, lz4: true);
        Assert.Equal("6400900104569C62", Convert.ToHexString(buf));
        Assert.Equal(l, SegmentHeader.Read(buf, lz4: true));

        var max = new SegmentHeader(SegmentHeader.MaxPayloadLength, 0, false);
        max.Write(buf, lz4: false);
        Assert.Equal("FFFF01", Convert.ToHexString(buf, 0, 3));
        Assert.Equal(max, SegmentHeader.Read(buf, lz4: false));
    }

    [Fact]
    public void Header_crc_mismatch_is_detected_for_every_single_bit_flip()
    {
        foreach (bool lz4 in new[] { false, true })
        {
            int n = SegmentHeader.HeaderLength(lz4);
            var buf = new byte[8];
            new SegmentHeader(1234, lz4 ? 5000 : 0, true).Write(buf, lz4);
            for (int bit = 0; bit < n * 8; bit++)
            {
                var bad = (byte[])buf.Clone();
                bad[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.Throws<SegmentCorruptException>(() => SegmentHeader.Read(bad, lz4));
            }
        }
    }
}
