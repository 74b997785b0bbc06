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
    private readonly List<(Range Range, byte[]? Replacement)> _kept = [];
    private bool _replaced;
    private SegmentEncoder? _encoder;
    private Abstractions.Buffers.BufferLease? _diverted;
    private int _divertedLength;
    private bool _partDiverted;
    private long _partRemaining;
    private FrameHeader _partHeader;
    private byte[] _partBodyStart = [];

    /// <summary>True between the parts of a large envelope being forwarded: nothing else may be written to the client then.</summary>
    public bool InSequence => _partRemaining > 0 && _diverted is null;

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
                _kept.Clear();
                _replaced = false;
                int count = 0;
                string? problem = header.IsSelfContained ? Envelopes(payload.Memory, ref count) : Part(payload.Span);
                if (problem is not null) return problem;
                if (!header.IsSelfContained && _partDiverted) continue; // a part of a stage's response: not for the client
                if (header.IsSelfContained && (_kept.Count != count || _replaced))
                {
                    // Some envelopes went to stage exchanges, or an event was rewritten: re-frame the others.
                    _encoder ??= new SegmentEncoder(session.SegmentLz4);
                    foreach (var (range, replacement) in _kept)
                    {
                        if (replacement is null) _encoder.Add(payload.Span[range], output);
                        else if (replacement.Length > 0) _encoder.Add(replacement, output);
                    }
                    _encoder.Flush(output);
                    continue;
                }
            }
            foreach (var segment in start.Slice(0, start.Length - buffer.Length)) output.Write(segment.Span);
        }
    }

    private string? Envelopes(ReadOnlyMemory<byte> memory, ref int count)
    {
        var span = memory.Span;
        if (_partRemaining > 0) return "self-contained segment inside a large envelope";
        int pos = 0;
        while (pos < span.Length)
        {
            if (span.Length - pos < FrameHeader.Size) return "segment payload ends inside an envelope header";
            var header = FrameHeader.Read(span[pos..]);
            var problem = FrameValidator.Check(header, expectResponse: true, session.Config.MaxFrameBytes);
            if (problem != HeaderProblem.None) return FrameValidator.Describe(problem, header, session.Config.MaxFrameBytes);
            long end = pos + FrameHeader.Size + (long)header.BodyLength;
            if (end > span.Length) return "envelope longer than its self-contained segment";
            session.Responded(header, end - pos, new ReadOnlySequence<byte>(memory.Slice(pos + FrameHeader.Size, header.BodyLength)));
            count++;
            var envelope = new ReadOnlySequence<byte>(memory[pos..(int)end]);
            if (header.Stream < 0)
            {
                // An EVENT may be rewritten by a stage that sees events (null: as it came).
                byte[]? replacement = header.Opcode == Opcode.Event ? session.Stages?.RewriteEvent(header, envelope) : null;
                _replaced |= replacement is not null;
                _kept.Add((new Range(pos, (int)end), replacement));
            }
            else if (session.Stages is not { Used: true } stages || !stages.TryComplete(header, envelope))
            {
                _kept.Add((new Range(pos, (int)end), null));
            }
            pos = (int)end;
        }
        return null;
    }

    private string? Part(ReadOnlySpan<byte> span)
    {
        if (_partRemaining == 0)
        {
            if (span.Length < FrameHeader.Size) return "first part of a large envelope is shorter than a header";
            var header = FrameHeader.Read(span);
            var problem = FrameValidator.Check(header, expectResponse: true, session.Config.MaxFrameBytes);
            if (problem != HeaderProblem.None) return FrameValidator.Describe(problem, header, session.Config.MaxFrameBytes);
            _partRemaining = FrameHeader.Size + (long)header.BodyLength;
            _partHeader = header;
            _partBodyStart = header.Opcode == Opcode.Error ? span.Slice(FrameHeader.Size, Math.Min(1024, span.Length - FrameHeader.Size)).ToArray() : [];
            // A stage exchange's large response is collected here instead of being forwarded part by part.
            if (header.Stream >= 0 && session.Stages is { } stages && stages.IsPending(header.Stream))
            {
                _diverted = Abstractions.Buffers.BufferLease.Rent((int)_partRemaining);
                _divertedLength = 0;
            }
        }
        _partRemaining -= span.Length;
        if (_partRemaining < 0) return "large envelope parts longer than the envelope";
        _partDiverted = _diverted is not null;
        if (_diverted is not null)
        {
            span.CopyTo(_diverted.Span[_divertedLength..]);
            _divertedLength += span.Length;
        }
        if (_partRemaining == 0)
        {
            session.Responded(_partHeader, FrameHeader.Size + (long)_partHeader.BodyLength, new ReadOnlySequence<byte>(_partBodyStart));
            if (_diverted is { } whole)
            {
                _diverted = null;
                using (whole) session.Stages!.TryComplete(_partHeader, new ReadOnlySequence<byte>(whole.Memory));
            }
        }
        return null;
    }
}
