using System.Buffers;
using System.Buffers.Binary;

namespace ScriptProxy.Abstractions.Tests.Framing;

internal static class SegmentTestData
{
    /// <summary>A v5 envelope: 9-byte header with the right body length, then a body that is partly compressible.</summary>
    public static byte[] Envelope(Random r, int totalLength, short stream)
    {
        var e = new byte[totalLength];
        e[0] = 0x85;
        BinaryPrimitives.WriteInt16BigEndian(e.AsSpan(2), stream);
        e[4] = 0x08;
        BinaryPrimitives.WriteInt32BigEndian(e.AsSpan(5), totalLength - 9);
        var body = e.AsSpan(9);
        if (r.Next(2) == 0) r.NextBytes(body);
        else for (int i = 0; i < body.Length; i++) body[i] = (byte)(i / 13);
        return e;
    }

    /// <summary>A sequence over many small buffers, as a PipeReader hands over data that arrived in pieces.</summary>
    public static ReadOnlySequence<byte> Chunked(ReadOnlyMemory<byte> data, int chunk)
    {
        if (data.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Chunk(data[..Math.Min(chunk, data.Length)]);
        var last = first;
        for (int i = chunk; i < data.Length; i += chunk) last = last.Append(data.Slice(i, Math.Min(chunk, data.Length - i)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Chunk Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Chunk(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
