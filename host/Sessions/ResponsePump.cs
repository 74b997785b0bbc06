using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Framing;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Upstream -> client, and the only writer of the client output while it runs. Copies whole envelopes,
/// clears their streams from the in-flight set, notices the answer to STARTUP (which switches on
/// compression), and writes the proxy's own replies queued by the request pump. Flushes once per batch.
/// </summary>
internal sealed class ResponsePump(SessionContext session)
{
    private ResponseSegmentProcessor? _segments;
    private SegmentEncoder? _replyEncoder;
    private string? _lostBecause;

    /// <summary>Why the pump stopped.</summary>
    public enum Outcome { UpstreamClosed, ClientClosed, CloseRequested, UpstreamBroken }

    public async Task<Outcome> RunAsync(CancellationToken cancellationToken)
    {
        var input = session.Upstream!.Input;
        var output = session.Client.Output;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                // Reset rather than closed (a killed upstream with unread data sends RST): the same answer as a close.
                return await UpstreamLostAsync(output, $"Upstream connection closed before the response was received ({e.Message})", cancellationToken).ConfigureAwait(false);
            }
            if (result.IsCanceled && session.UpstreamTimedOut)
            {
                return await UpstreamLostAsync(output,
                    $"Upstream did not answer within {session.Config.RequestTimeout.TotalSeconds:0} s (requestTimeoutSeconds); the connection is closed", cancellationToken).ConfigureAwait(false);
            }
            var buffer = result.Buffer;
            string? broken;
            try
            {
                broken = ProcessBuffer(ref buffer, output);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, result.Buffer.End);
            }
            WriteProxyReplies(output);
            if (broken is not null)
            {
                session.Metrics.UpstreamLost.Inc();
                session.Log.LogError("{Client}: upstream sent an invalid frame ({Problem}); closing the connection", session.ClientName, broken);
                FailInFlight(output, $"Upstream protocol violation: {broken}");
            }
            var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (broken is not null) return Outcome.UpstreamBroken;
            if (flush.IsCompleted) return Outcome.ClientClosed;
            if (session.CloseAfterReplies) return Outcome.CloseRequested;
            if (result.IsCompleted) return await UpstreamLostAsync(output, "Upstream connection closed before the response was received", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The upstream closed or reset the connection: answer every request still waiting, then end.</summary>
    private async Task<Outcome> UpstreamLostAsync(PipeWriter output, string message, CancellationToken cancellationToken)
    {
        session.Metrics.UpstreamLost.Inc();
        _lostBecause = message;
        session.Log.LogDebug("{Client}: upstream lost with {Count} requests in flight: {Message}", session.ClientName, session.InFlight.Count, message);
        WriteProxyReplies(output);
        FailInFlight(output, message);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return Outcome.UpstreamClosed;
    }

    /// <summary>
    /// After this pump ended because the upstream was lost, and the request pump has stopped: answers the requests
    /// the request pump forwarded in between (it finishes the buffer it is reading, so a pipelining client's
    /// requests can be registered after <see cref="UpstreamLostAsync"/> answered the others). Without this they were
    /// counted as forwarded and answered only by the close.
    /// </summary>
    public async Task AnswerStragglersAsync()
    {
        if (_lostBecause is null || session.InFlight.Count == 0) return;
        var output = session.Client.Output;
        FailInFlight(output, _lostBecause);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await output.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // The client is gone or not reading: the close that follows is its answer.
        }
    }

    /// <summary>Copies whole envelopes; returns a description when the upstream broke framing.</summary>
    private string? ProcessBuffer(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            if (session.Segmented)
            {
                _segments ??= new ResponseSegmentProcessor(session);
                return _segments.Process(ref buffer, output);
            }
            if (!EnvelopeScanner.TryReadHeader(buffer, out var header)) break;
            var problem = FrameValidator.Check(header, expectResponse: true, session.Config.MaxFrameBytes);
            if (problem != HeaderProblem.None) return FrameValidator.Describe(problem, header, session.Config.MaxFrameBytes);
            long total = FrameHeader.Size + (long)header.BodyLength;
            if (buffer.Length < total) break;
            var envelope = buffer.Slice(0, total);
            buffer = buffer.Slice(total);
            session.Responded(header, total, envelope.Slice(FrameHeader.Size));
            if (header.Stream >= 0 && session.Stages is { Used: true } stages && stages.TryComplete(header, envelope)) continue;
            if (header.Stream >= 0)
            {
                if (session.PendingStartup is { } startup && startup.Stream == header.Stream) OnStartupAnswered(startup, header);
            }
            else if (header.Opcode == Opcode.Event && session.Stages?.RewriteEvent(header, envelope) is { } replacement)
            {
                if (replacement.Length > 0) WriteOwnEnvelope(output, replacement);
                continue;
            }
            foreach (var segment in envelope) output.Write(segment.Span);
        }
        return null;
    }

    private void OnStartupAnswered(StartupObservation startup, in FrameHeader header)
    {
        session.PendingStartup = null;
        if (header.Opcode is not (Opcode.Ready or Opcode.Authenticate)) return;
        if (session.EstablishedVersion == 0)
        {
            session.EstablishedVersion = startup.Version;
            session.Metrics.VersionEstablished(startup.Version, +1);
        }
        if (startup.Version >= ProtocolVersion.V5)
        {
            // v5: everything after READY/AUTHENTICATE is framed in segments, LZ4 if that was asked for.
            session.SegmentLz4 = startup.Compression == "lz4";
            session.Segmented = true;
        }
        else if (startup.Compression is not null)
        {
            try
            {
                session.Compression = BodyCompression.Create(startup.Compression);
            }
            catch (CqlProtocolException)
            {
                // The upstream accepted a compression we cannot read: forward untouched, skip body checks.
                session.Log.LogWarning("{Client}: compression '{Name}' unknown to the proxy; compressed bodies are not validated", session.ClientName, startup.Compression);
            }
        }
        session.Log.LogDebug("{Client}: protocol v{Version} established, compression {Compression}", session.ClientName, startup.Version, startup.Compression ?? "none");
    }

    private void WriteProxyReplies(PipeWriter output)
    {
        // Never between the parts of a large v5 envelope: the replies wait for the next batch.
        if (_segments is { InSequence: true }) return;
        while (session.ProxyReplies.TryDequeue(out var reply)) WriteOwnEnvelope(output, reply);
        if (session.Stages is { } stages)
        {
            stages.Draining();
            while (stages.Replies.TryDequeue(out var staged))
            {
                if (session.Segmented) WriteOwnEnvelope(output, staged.Frame.Envelope.Span);
                else StagedReplyCompression.Write(output, staged.Frame.Envelope.Span, session.Compression);
                SessionStages.Release(staged);
            }
        }
    }

    /// <summary>Writes an envelope the proxy made itself, framed in a segment when v5 framing is on.</summary>
    private void WriteOwnEnvelope(PipeWriter output, ReadOnlySpan<byte> envelope)
    {
        if (!session.Segmented)
        {
            output.Write(envelope);
            return;
        }
        _replyEncoder ??= new SegmentEncoder(session.SegmentLz4);
        // Add+Flush: a stage's response can be larger than one segment (then it is split into parts).
        _replyEncoder.Add(envelope, output);
        _replyEncoder.Flush(output);
    }

    /// <summary>Answers every request still waiting for the upstream, so none is left hanging.</summary>
    private void FailInFlight(PipeWriter output, string message)
    {
        session.Stages?.FailPending(message);
        byte version = session.Version > 0 ? (byte)session.Version : ProtocolVersion.Fallback;
        foreach (short stream in session.InFlight.TakeAll())
        {
            session.Metrics.ProxyError(ErrorCode.ServerError);
            WriteOwnEnvelope(output, ProxyErrorFrame.Create(version, stream, ErrorCode.ServerError, message));
        }
    }
}
