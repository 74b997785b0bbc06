using System.Buffers;
using System.IO.Pipelines;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Upstream -> client once v5 framing is on. Checks each segment's CRCs, reads the envelope headers it
/// carries (for stream bookkeeping) and forwards the segment as its original bytes. A large envelope's
/// parts are forwarded as they come; its header is in the first part, so nothing is reassembled.
/// </summary>
internal sealed class ResponseSegmentProcessor(SessionContext session)
{
    private readonly SegmentDecoder _decoder = new(session.SegmentLz4);
    private long _partRemaining;
    private FrameHeader _partHeader;
    private byte[] _partBodyStart = [];

    /// <summary>True between the parts of a large envelope: nothing else may be written to the client then.</summary>
    public bool InSequence => _partRemaining > 0;

    /// <summary>Forwards whole segments; returns a description when the upstream broke framing.</summary>
    public string? Process(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            var start = buffer;
            SegmentHeader header;
            Abstractions.Buffers.BufferLease payload;
            try
            {
                if (!_decoder.TryDecode(ref buffer, out header, out payload)) return null;
            }
            catch (CqlProtocolException e)
            {
                return $"corrupt v5 segment: {e.Message}";
            }
            using (payload)
            {
                string? problem = header.IsSelfContained ? Envelopes(payload.Span) : Part(payload.Span);
                if (problem is not null) return problem;
            }
            foreach (var segment in start.Slice(0, start.Length - buffer.Length)) output.Write(segment.Span);
        }
    }

    private string? Envelopes(ReadOnlySpan<byte> span)
    {
        if (InSequence) return "self-contained segment inside a large envelope";
        int pos = 0;
        while (pos < span.Length)
        {
            if (span.Length - pos < FrameHeader.Size) return "segment payload ends inside an envelope header";
            var header = FrameHeader.Read(span[pos..]);
            var problem = FrameValidator.Check(header, expectResponse: true, session.Config.MaxFrameBytes);
            if (problem != HeaderProblem.None) return FrameValidator.Describe(problem, header, session.Config.MaxFrameBytes);
            long end = pos + FrameHeader.Size + (long)header.BodyLength;
            if (end > span.Length) return "envelope longer than its self-contained segment";
            session.Responded(header, end - pos, span.Slice(pos + FrameHeader.Size, Math.Min(4, header.BodyLength)));
            pos = (int)end;
        }
        return null;
    }

    private string? Part(ReadOnlySpan<byte> span)
    {
        if (!InSequence)
        {
            if (span.Length < FrameHeader.Size) return "first part of a large envelope is shorter than a header";
            var header = FrameHeader.Read(span);
            var problem = FrameValidator.Check(header, expectResponse: true, session.Config.MaxFrameBytes);
            if (problem != HeaderProblem.None) return FrameValidator.Describe(problem, header, session.Config.MaxFrameBytes);
            _partRemaining = FrameHeader.Size + (long)header.BodyLength;
            _partHeader = header;
            _partBodyStart = span.Slice(FrameHeader.Size, Math.Min(4, header.BodyLength)).ToArray();
        }
        _partRemaining -= span.Length;
        if (_partRemaining < 0) return "large envelope parts longer than the envelope";
        if (_partRemaining == 0) session.Responded(_partHeader, FrameHeader.Size + (long)_partHeader.BodyLength, _partBodyStart);
        return null;
    }
}
