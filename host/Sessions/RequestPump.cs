using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Client -> upstream. Reads whole envelopes from the client pipe, checks each header before waiting for
/// its body, validates the body when configured, and copies untouched envelopes to the upstream pipe
/// (one flush per read batch). Bad input is answered on its own stream; the connection is closed only
/// when framing is lost (oversized or negative length, unsupported version).
/// </summary>
internal sealed class RequestPump(SessionContext session)
{
    private readonly RequestInspector _inspector = new(session);
    private RequestSegmentProcessor? _segments;
    private long _skipRemaining;
    private bool _holdsGate;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var input = session.Client.Input;
        var output = session.Upstream!.Output;
        try
        {
            await PumpAsync(input, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _segments?.Dispose();
        }
    }

    private async Task PumpAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled && session.Draining) return;
            // Once this connection used stages, the chains' ends also write upstream: take turns.
            if (session.Stages is { Used: true } stages)
            {
                await stages.UpstreamGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                _holdsGate = true;
            }
            try
            {
                var buffer = result.Buffer;
                bool stop;
                try
                {
                    stop = ProcessBuffer(ref buffer, output);
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, result.Buffer.End);
                }
                // Requests the chains' ends queued while this pump held the gate leave in this batch's flush.
                if (_holdsGate) session.Stages!.Outbox.WriteQueued();
                if (output.UnflushedBytes > 0)
                {
                    var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (flush.IsCompleted) return;
                }
                if (stop || result.IsCompleted) return;
            }
            finally
            {
                if (_holdsGate)
                {
                    _holdsGate = false;
                    session.Stages!.UpstreamGate.Release();
                    // Frames queued after this pump wrote the queue (or while it flushed) are written by someone now.
                    session.Stages.Outbox.Released();
                }
            }
        }
    }

    /// <summary>Consumes whole envelopes from <paramref name="buffer"/>; returns true when the connection must stop reading.</summary>
    private bool ProcessBuffer(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        var config = session.Config;
        while (true)
        {
            if (_skipRemaining > 0)
            {
                long skip = Math.Min(_skipRemaining, buffer.Length);
                buffer = buffer.Slice(skip);
                _skipRemaining -= skip;
                if (_skipRemaining > 0) return false;
            }
            if (buffer.IsEmpty) return false;
            if (session.Segmented)
            {
                _segments ??= new RequestSegmentProcessor(session, _inspector, Post);
                return _segments.Process(ref buffer, output);
            }
            int version = EnvelopeScanner.PeekVersion(buffer);
            if (version is 1 or 2)
            {
                // v1/v2 headers are 8 bytes with a one-byte stream: answer in a version the client can step down to.
                if (buffer.Length < EnvelopeScanner.LegacyHeaderSize) return false;
                return Fatal(ProtocolVersion.Fallback, EnvelopeScanner.LegacyStream(buffer), ProtocolVersion.UnsupportedMessage(version));
            }
            if (!EnvelopeScanner.TryReadHeader(buffer, out var header)) return false;
            var problem = FrameValidator.Check(header, expectResponse: false, config.MaxFrameBytes);
            if (problem == HeaderProblem.UnsupportedVersion)
                return Fatal(ProtocolVersion.Fallback, header.Stream, ProtocolVersion.UnsupportedMessage(header.Version));
            byte replyVersion = header.Version;
            if (problem != HeaderProblem.None)
            {
                string message = FrameValidator.Describe(problem, header, config.MaxFrameBytes);
                if (!FrameValidator.FramingSurvives(problem)) return Fatal(replyVersion, header.Stream, message);
                session.Reply(replyVersion, header.Stream, ErrorCode.ProtocolError, message);
                buffer = buffer.Slice(FrameHeader.Size);
                _skipRemaining = header.BodyLength;
                continue;
            }
            long total = FrameHeader.Size + (long)header.BodyLength;
            if (buffer.Length < total) return false;
            var envelope = buffer.Slice(0, total);
            buffer = buffer.Slice(total);
            if (!_inspector.Accept(header, envelope.Slice(FrameHeader.Size))) continue;
            if (CredentialSwap.Applies(session, header))
            {
                var replaced = CredentialSwap.Envelope(header, session.Config.UpstreamCredentials!);
                session.Log.LogDebug("{Client}: AUTH_RESPONSE on stream {Stream} replaced with the upstream credentials", session.ClientName, header.Stream);
                session.Forwarding(header, replaced.Length);
                output.Write(replaced);
                continue;
            }
            if (session.Stages is { } stages && stages.Wants(header) && Post(stages, header, envelope)) continue;
            session.Forwarding(header, total);
            foreach (var segment in envelope) output.Write(segment.Span);
        }
    }

    /// <summary>Hands a request to the stage pipeline (first use: takes the upstream gate, which is free then).</summary>
    private bool Post(in FrameHeader header, in ReadOnlySequence<byte> envelope) =>
        session.Stages is { } stages && stages.Wants(header) && Post(stages, header, envelope);

    private bool Post(SessionStages stages, in FrameHeader header, in ReadOnlySequence<byte> envelope)
    {
        if (!_holdsGate)
        {
            // Before the first post nothing else writes upstream, so the gate is free: take it without blocking.
            if (!stages.UpstreamGate.Wait(0)) throw new InvalidOperationException("upstream gate unexpectedly held before the first stage exchange");
            _holdsGate = true;
            stages.MarkUsed();
        }
        return stages.TryPost(header, envelope);
    }

    private bool Fatal(byte version, short stream, string message) => session.ReplyAndClose(version, stream, message);
}
