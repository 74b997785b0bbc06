using System.Buffers.Binary;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;

namespace ScriptProxy.Abstractions.Tests.Framing;

/// <summary>
/// Found by the fuzzer: the first part of a large envelope made the reassembler rent the whole declared
/// envelope (up to 256 MiB) before any of its body arrived, so a 300-byte segment cost 512 MiB. The buffer
/// now grows with the parts received.
/// </summary>
public class SegmentReassemblerTests
{
    [Fact]
    public void A_first_part_declaring_a_huge_envelope_does_not_rent_the_declared_length()
    {
        using var reassembler = new SegmentReassembler();
        var part = new byte[300];
        FrameHeader.Create(5, false, FrameFlags.None, 1, Opcode.Query, 200 << 20).Write(part);
        var envelopes = new List<BufferLease>();
        long before = GC.GetAllocatedBytesForCurrentThread();
        reassembler.Add(false, BufferLease.CopyOf(part), envelopes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(envelopes);
        Assert.True(reassembler.InProgress);
        Assert.True(allocated < 1 << 20, $"allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(5000, 4096)]
    [InlineData(1 << 20, SegmentHeader.MaxPayloadLength)]
    [InlineData((1 << 20) + 17, 1000)]
    public void Parts_of_any_size_reassemble_into_the_exact_envelope(int bodyLength, int partLength)
    {
        var envelope = new byte[FrameHeader.Size + bodyLength];
        new Random(bodyLength).NextBytes(envelope);
        FrameHeader.Create(5, false, FrameFlags.None, 1, Opcode.Query, bodyLength).Write(envelope);
        using var reassembler = new SegmentReassembler();
        var envelopes = new List<BufferLease>();
        for (int offset = 0; offset < envelope.Length; offset += partLength)
        {
            Assert.Empty(envelopes);
            reassembler.Add(false, BufferLease.CopyOf(envelope.AsSpan(offset, Math.Min(partLength, envelope.Length - offset))), envelopes);
        }
        var single = Assert.Single(envelopes);
        using (single) Assert.True(single.Span.SequenceEqual(envelope));
        Assert.False(reassembler.InProgress);
    }

    [Fact]
    public void Parts_beyond_the_declared_length_are_corrupt()
    {
        using var reassembler = new SegmentReassembler();
        var part = new byte[FrameHeader.Size + 10];
        FrameHeader.Create(5, false, FrameFlags.None, 1, Opcode.Query, 5).Write(part);
        BinaryPrimitives.WriteInt32BigEndian(part.AsSpan(5), 5);
        Assert.Throws<SegmentCorruptException>(() => reassembler.Add(false, BufferLease.CopyOf(part), new List<BufferLease>()));
    }
}
