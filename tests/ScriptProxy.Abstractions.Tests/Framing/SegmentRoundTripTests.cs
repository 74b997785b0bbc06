using System.Buffers;
using System.IO.Pipelines;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Framing;

namespace ScriptProxy.Abstractions.Tests.Framing;

public class SegmentRoundTripTests
{
    private const int Max = SegmentHeader.MaxPayloadLength;

    private static byte[] Encode(IEnumerable<byte[]> envelopes, bool lz4, int maxPayload = Max)
    {
        using var encoder = new SegmentEncoder(lz4, maxPayload);
        using var output = new PooledBufferWriter();
        foreach (var e in envelopes) encoder.Add(e, output);
        encoder.Flush(output);
        Assert.Equal(0, encoder.PendingLength);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Feeds <paramref name="stream"/> as if it arrived <paramref name="arrival"/> bytes at a time, each read
    /// exposing the unconsumed bytes as a sequence of <paramref name="chunk"/>-byte buffers.</summary>
    private static List<byte[]> Decode(byte[] stream, bool lz4, int arrival, int chunk, List<SegmentHeader>? headers = null)
    {
        var decoder = new SegmentDecoder(lz4);
        using var reassembler = new SegmentReassembler();
        var leases = new List<BufferLease>();
        int consumed = 0;
        for (int received = Math.Min(arrival, stream.Length); ; received = Math.Min(received + arrival, stream.Length))
        {
            var buffer = SegmentTestData.Chunked(stream.AsMemory(consumed, received - consumed), chunk);
            long before = buffer.Length;
            while (decoder.TryDecode(ref buffer, out var header, out var payload))
            {
                headers?.Add(header);
                Assert.Equal(header.DecodedLength, payload.Length);
                reassembler.Add(header.IsSelfContained, payload, leases);
            }
            consumed += (int)(before - buffer.Length);
            if (received == stream.Length) break;
        }
        Assert.Equal(stream.Length, consumed);
        Assert.False(reassembler.InProgress);
        var result = leases.Select(l => l.Span.ToArray()).ToList();
        leases.ForEach(l => l.Dispose());
        return result;
    }

    private static void AssertSame(List<byte[]> expected, List<byte[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"envelope {i} differs");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Small_envelopes_pack_into_one_self_contained_segment(bool lz4)
    {
        var r = new Random(1);
        var envelopes = Enumerable.Range(0, 50).Select(i => SegmentTestData.Envelope(r, r.Next(9, 200), (short)i)).ToList();
        var headers = new List<SegmentHeader>();
        AssertSame(envelopes, Decode(Encode(envelopes, lz4), lz4, int.MaxValue, int.MaxValue, headers));
        var single = Assert.Single(headers);
        Assert.True(single.IsSelfContained);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Envelopes_at_the_payload_limit(bool lz4)
    {
        var r = new Random(2);
        var headers = new List<SegmentHeader>();
        // Exactly the limit: one self-contained segment.
        var exact = new List<byte[]> { SegmentTestData.Envelope(r, Max, 1) };
        AssertSame(exact, Decode(Encode(exact, lz4), lz4, int.MaxValue, 4096, headers));
        Assert.True(Assert.Single(headers).IsSelfContained);

        // Two that sum to exactly the limit share one segment.
        headers.Clear();
        var pair = new List<byte[]> { SegmentTestData.Envelope(r, 100, 1), SegmentTestData.Envelope(r, Max - 100, 2) };
        AssertSame(pair, Decode(Encode(pair, lz4), lz4, int.MaxValue, 4096, headers));
        Assert.Single(headers);

        // One byte over: two non-self-contained segments.
        headers.Clear();
        var over = new List<byte[]> { SegmentTestData.Envelope(r, Max + 1, 3) };
        AssertSame(over, Decode(Encode(over, lz4), lz4, int.MaxValue, 4096, headers));
        Assert.Equal(2, headers.Count);
        Assert.All(headers, h => Assert.False(h.IsSelfContained));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Large_envelope_spans_several_segments_between_small_ones(bool lz4)
    {
        var r = new Random(3);
        var envelopes = new List<byte[]>
        {
            SegmentTestData.Envelope(r, 50, 1),
            SegmentTestData.Envelope(r, 300 * 1024, 2),
            SegmentTestData.Envelope(r, 60, 3),
            SegmentTestData.Envelope(r, 9, 4),
        };
        var headers = new List<SegmentHeader>();
        AssertSame(envelopes, Decode(Encode(envelopes, lz4), lz4, 7919, 1000, headers));
        Assert.Equal([true, false, false, false, true], headers.Select(h => h.IsSelfContained));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_byte_boundary(bool lz4)
    {
        // A small segment limit gives many segments (packed, split and mixed) from a stream short enough to
        // re-read at every arrival point, one byte per buffer.
        var r = new Random(4);
        var envelopes = new List<byte[]>
        {
            SegmentTestData.Envelope(r, 20, 1), SegmentTestData.Envelope(r, 30, 2), SegmentTestData.Envelope(r, 130, 3),
            SegmentTestData.Envelope(r, 9, 4), SegmentTestData.Envelope(r, 64, 5), SegmentTestData.Envelope(r, 65, 6),
        };
        byte[] stream = Encode(envelopes, lz4, maxPayload: 64);
        AssertSame(envelopes, Decode(stream, lz4, arrival: 1, chunk: 1));
        AssertSame(envelopes, Decode(stream, lz4, arrival: 3, chunk: 2));
    }

    [Fact]
    public void Random_sequences_round_trip()
    {
        var r = new Random(5);
        for (int round = 0; round < 30; round++)
        {
            bool lz4 = round % 2 == 0;
            var envelopes = Enumerable.Range(0, r.Next(1, 40))
                .Select(i => SegmentTestData.Envelope(r, r.Next(10) == 0 ? r.Next(9, 400_000) : r.Next(9, 3000), (short)i))
                .ToList();
            int maxPayload = r.Next(3) == 0 ? r.Next(16, 5000) : Max;
            AssertSame(envelopes, Decode(Encode(envelopes, lz4, maxPayload), lz4, r.Next(1, 100_000), r.Next(1, 20_000)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Through_a_pipe_written_in_random_pieces(bool lz4)
    {
        var r = new Random(6);
        var envelopes = Enumerable.Range(0, 200).Select(i => SegmentTestData.Envelope(r, i % 50 == 0 ? 200_000 : r.Next(9, 2000), (short)i)).ToList();
        byte[] stream = Encode(envelopes, lz4);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var writer = Task.Run(async () =>
        {
            var wr = new Random(7);
            for (int pos = 0; pos < stream.Length;)
            {
                int n = Math.Min(wr.Next(1, 5000), stream.Length - pos);
                await pipe.Writer.WriteAsync(stream.AsMemory(pos, n));
                pos += n;
            }
            await pipe.Writer.CompleteAsync();
        });

        var decoder = new SegmentDecoder(lz4);
        using var reassembler = new SegmentReassembler();
        var leases = new List<BufferLease>();
        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            while (decoder.TryDecode(ref buffer, out var header, out var payload)) reassembler.Add(header.IsSelfContained, payload, leases);
            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty);
                break;
            }
        }
        await writer;
        AssertSame(envelopes, leases.Select(l => l.Span.ToArray()).ToList());
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public void Lz4_compresses_only_when_it_helps()
    {
        var compressible = new byte[1000];
        compressible[8] = 0xFF - 9; // body length 991, rest zeros
        compressible[7] = 0x03;
        var random = new byte[1000];
        new Random(8).NextBytes(random);
        var encoder = new SegmentEncoder(lz4: true);
        using var output = new PooledBufferWriter();
        encoder.WriteSegment(compressible, true, output);
        var h1 = SegmentHeader.Read(output.WrittenSpan, lz4: true);
        Assert.Equal(1000, h1.UncompressedLength);
        Assert.True(h1.PayloadLength < 100);

        output.Clear();
        encoder.WriteSegment(random, true, output);
        var h2 = SegmentHeader.Read(output.WrittenSpan, lz4: true);
        Assert.Equal(0, h2.UncompressedLength);
        Assert.Equal(1000, h2.PayloadLength);
        Assert.Equal(random, output.WrittenSpan.Slice(8, 1000).ToArray());
    }
}
