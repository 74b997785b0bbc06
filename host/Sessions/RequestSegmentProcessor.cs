using System.Buffers;
using System.IO.Pipelines;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Client -> upstream once v5 framing is on. Each segment's CRCs are checked and its envelopes judged
/// like unframed ones; a self-contained segment whose envelopes are all accepted is forwarded as its
/// original bytes. Otherwise (a rejected envelope, or a large envelope split across segments) the
/// accepted envelopes are re-framed. A corrupt segment loses framing: answer, then close.
/// </summary>
/// <param name="session">The connection.</param>
/// <param name="inspector">Judges each envelope.</param>
/// <param name="post">Offers an accepted envelope to the stage pipeline; true when it took it (it is then not forwarded here).</param>
internal sealed class RequestSegmentProcessor(SessionContext session, RequestInspector inspector, RequestSegmentProcessor.PostEnvelope post) : IDisposable
{
    /// <summary>Offers an accepted envelope (header + body) to the stage pipeline.</summary>
    public delegate bool PostEnvelope(in FrameHeader header, in ReadOnlySequence<byte> envelope);

    private readonly SegmentDecoder _decoder = new(session.SegmentLz4);
    private readonly SegmentReassembler _reassembler = new(session.Config.MaxFrameBytes + FrameHeader.Size);
    private readonly SegmentEncoder _encoder = new(session.SegmentLz4);
    private readonly List<BufferLease> _envelopes = [];
    private readonly List<ReadOnlyMemory<byte>> _accepted = [];

    /// <summary>Consumes whole segments; returns true when the connection must stop reading.</summary>
    public bool Process(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            var start = buffer;
            SegmentHeader header;
            BufferLease payload;
            try
            {
                if (!_decoder.TryDecode(ref buffer, out header, out payload)) return false;
            }
            catch (CqlProtocolException e)
            {
                return session.ReplyAndClose(ProtocolVersion.V5, 0, $"Corrupt v5 segment: {e.Message}");
            }
            var original = start.Slice(0, start.Length - buffer.Length);
            if (header.IsSelfContained && !_reassembler.InProgress)
            {
                using (payload)
                {
                    if (!JudgeEnvelopes(payload.Memory)) return true;
                    if (_accepted.Count == CountEnvelopes && !_rewritten) Forward(original, output);
                    else
                    {
                        foreach (var envelope in _accepted) _encoder.Add(envelope.Span, output);
                        _encoder.Flush(output);
                    }
                }
                continue;
            }
            try
            {
                _reassembler.Add(header.IsSelfContained, payload, _envelopes);
                foreach (var envelope in _envelopes)
                {
                    if (!JudgeEnvelopes(envelope.Memory)) return true;
                    if (_accepted.Count == 1) _encoder.Add(_accepted[0].Span, output);
                }
                _encoder.Flush(output);
            }
            catch (CqlProtocolException e)
            {
                return session.ReplyAndClose(ProtocolVersion.V5, 0, $"Corrupt v5 segment sequence: {e.Message}");
            }
            finally
            {
                foreach (var envelope in _envelopes) envelope.Dispose();
                _envelopes.Clear();
            }
        }
    }

    private int CountEnvelopes { get; set; }

    /// <summary>An accepted envelope of the last judged payload was replaced (credential swap).</summary>
    private bool _rewritten;

    /// <summary>
    /// Walks the envelopes of one payload, queueing replies for rejected ones and recording accepted ranges.
    /// Returns false (after asking to close) when the payload cannot be split into envelopes.
    /// </summary>
    private bool JudgeEnvelopes(ReadOnlyMemory<byte> payload)
    {
        _accepted.Clear();
        CountEnvelopes = 0;
        _rewritten = false;
        var span = payload.Span;
        int max = session.Config.MaxFrameBytes;
        int pos = 0;
        while (pos < span.Length)
        {
            if (span.Length - pos < FrameHeader.Size)
                return !session.ReplyAndClose(ProtocolVersion.V5, 0, "v5 segment payload ends inside an envelope header");
            var header = FrameHeader.Read(span[pos..]);
            var problem = FrameValidator.Check(header, expectResponse: false, max);
            long end = pos + FrameHeader.Size + (long)header.BodyLength;
            if (!FrameValidator.FramingSurvives(problem) || end > span.Length)
            {
                string why = problem == HeaderProblem.None ? "envelope longer than its segment" : FrameValidator.Describe(problem, header, max);
                return !session.ReplyAndClose(ProtocolVersion.V5, header.Stream, why);
            }
            CountEnvelopes++;
            var body = new ReadOnlySequence<byte>(payload.Slice(pos + FrameHeader.Size, header.BodyLength));
            if (problem != HeaderProblem.None)
            {
                session.Reply(ProtocolVersion.V5, header.Stream, ErrorCode.ProtocolError, FrameValidator.Describe(problem, header, max));
            }
            else if (inspector.Accept(header, body) && !post(header, new ReadOnlySequence<byte>(payload[pos..(int)end])))
            {
                // A replaced AUTH_RESPONSE means the segment is re-framed with the new envelope in its place.
                var forwarded = CredentialSwap.Applies(session, header)
                    ? CredentialSwap.Envelope(header, session.Config.UpstreamCredentials!)
                    : payload[pos..(int)end];
                session.Forwarding(header, forwarded.Length);
                _accepted.Add(forwarded);
                _rewritten |= CredentialSwap.Applies(session, header);
            }
            pos = (int)end;
        }
        return true;
    }

    private static void Forward(in ReadOnlySequence<byte> original, PipeWriter output)
    {
        foreach (var segment in original) output.Write(segment.Span);
    }

    public void Dispose()
    {
        _reassembler.Dispose();
        _encoder.Dispose();
    }
}
