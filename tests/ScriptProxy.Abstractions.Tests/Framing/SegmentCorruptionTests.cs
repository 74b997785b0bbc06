using System.Buffers;
using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Framing;

public class SegmentCorruptionTests
{
    private static byte[] OneSegment(bool lz4, byte[] payload, bool selfContained = true)
    {
        var encoder = new SegmentEncoder(lz4);
        using var w = new PooledBufferWriter();
        encoder.WriteSegment(payload, selfContained, w);
        return w.WrittenSpan.ToArray();
    }

    private static void Decode(byte[] stream, bool lz4)
    {
        var seq = new ReadOnlySequence<byte>(stream);
        Assert.True(new SegmentDecoder(lz4).TryDecode(ref seq, out _, out var payload));
        payload.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_payload_or_trailer_bit_flip_is_detected(bool lz4)
    {
        var r = new Random(9);
        byte[] payload = SegmentTestData.Envelope(r, 300, 1);
        byte[] good = OneSegment(lz4, payload);
        Decode(good, lz4);
        int header = SegmentHeader.HeaderLength(lz4);
        for (int i = header; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= (byte)(1 << (i % 8));
            var ex = Assert.Throws<SegmentCorruptException>(() => Decode(bad, lz4));
            Assert.Contains("CRC32", ex.Message);
            Assert.IsAssignableFrom<CqlProtocolException>(ex);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Header_corruption_is_reported_before_the_payload_arrives(bool lz4)
    {
        byte[] good = OneSegment(lz4, new byte[5000]);
        int header = SegmentHeader.HeaderLength(lz4);
        var decoder = new SegmentDecoder(lz4);

        // A valid header alone: wait for more.
        var partial = new ReadOnlySequence<byte>(good, 0, header);
        Assert.False(decoder.TryDecode(ref partial, out _, out _));
        Assert.Equal(header, partial.Length);

        // A damaged header alone: fail now rather than wait for a garbage length.
        for (int i = 0; i < header; i++)
        {
            var bad = good[..header];
            bad[i] ^= 0x10;
            var seq = new ReadOnlySequence<byte>(bad);
            var ex = Assert.Throws<SegmentCorruptException>(() => decoder.TryDecode(ref seq, out _, out _));
            Assert.Contains("CRC24", ex.Message);
        }
    }

    [Fact]
    public void Bad_lz4_data_with_valid_crcs_is_corrupt()
    {
        byte[] garbage = [0xF0, 0xFF, 0xFF, 0x01, 0x02, 0x03];
        var header = new SegmentHeader(garbage.Length, 5000, true);
        var stream = new byte[8 + garbage.Length + 4];
        header.Write(stream, lz4: true);
        garbage.CopyTo(stream, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan(8 + garbage.Length), SegmentCrc32.Compute(garbage));
        var ex = Assert.Throws<SegmentCorruptException>(() => Decode(stream, lz4: true));
        Assert.Contains("LZ4", ex.Message);
    }

    [Fact]
    public void Reassembler_rejects_inconsistent_payloads()
    {
        var r = new Random(10);
        var leases = new List<BufferLease>();
        byte[] env = SegmentTestData.Envelope(r, 100, 1);

        using (var re = new SegmentReassembler())
        {
            // A self-contained payload ending in half an envelope.
            Assert.Throws<SegmentCorruptException>(() => re.Add(true, BufferLease.CopyOf(env.AsSpan(0, 50)), leases));
            Assert.Throws<SegmentCorruptException>(() => re.Add(true, BufferLease.CopyOf([.. env, .. env.AsSpan(0, 5)]), leases));
        }
        leases.ForEach(l => l.Dispose());
        leases.Clear();

        using (var re = new SegmentReassembler())
        {
            // A non-self-contained part running past its envelope.
            re.Add(false, BufferLease.CopyOf(env.AsSpan(0, 60)), leases);
            Assert.True(re.InProgress);
            Assert.Throws<SegmentCorruptException>(() => re.Add(false, BufferLease.CopyOf(new byte[41]), leases));
        }

        using (var re = new SegmentReassembler())
        {
            // A self-contained segment while a large envelope is incomplete.
            re.Add(false, BufferLease.CopyOf(env.AsSpan(0, 4)), leases);
            Assert.Throws<SegmentCorruptException>(() => re.Add(true, BufferLease.CopyOf(env), leases));
        }

        using (var re = new SegmentReassembler(maxEnvelopeLength: 1000))
        {
            var huge = new byte[9];
            BinaryPrimitives.WriteInt32BigEndian(huge.AsSpan(5), 1_000_000_000);
            Assert.Throws<SegmentCorruptException>(() => re.Add(false, BufferLease.CopyOf(huge), leases));
        }
        Assert.Empty(leases);
    }

    [Fact]
    public void Self_contained_single_envelope_hands_on_the_payload_lease()
    {
        var r = new Random(11);
        byte[] env = SegmentTestData.Envelope(r, 100, 1);
        var payload = BufferLease.CopyOf(env);
        var leases = new List<BufferLease>();
        using var re = new SegmentReassembler();
        re.Add(true, payload, leases);
        Assert.Same(payload, Assert.Single(leases));
        Assert.False(payload.IsDisposed);
        payload.Dispose();

        // Several envelopes: copies, and the payload is released.
        var multi = BufferLease.CopyOf([.. env, .. env]);
        leases.Clear();
        re.Add(true, multi, leases);
        Assert.Equal(2, leases.Count);
        Assert.True(multi.IsDisposed);
        leases.ForEach(l => l.Dispose());
    }
}
