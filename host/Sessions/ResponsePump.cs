using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
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
    /// <summary>Why the pump stopped.</summary>
    public enum Outcome { UpstreamClosed, ClientClosed, CloseRequested, UpstreamBroken }

    public async Task<Outcome> RunAsync(CancellationToken cancellationToken)
    {
        var input = session.Upstream!.Input;
        var output = session.Client.Output;
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
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
                session.Log.LogError("{Client}: upstream sent an invalid frame ({Problem}); closing the connection", session.ClientName, broken);
                FailInFlight(output, $"Upstream protocol violation: {broken}");
            }
            var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (broken is not null) return Outcome.UpstreamBroken;
            if (flush.IsCompleted) return Outcome.ClientClosed;
            if (session.CloseAfterReplies) return Outcome.CloseRequested;
            if (result.IsCompleted)
            {
                FailInFlight(output, "Upstream connection closed before the response was received");
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return Outcome.UpstreamClosed;
            }
        }
    }

    /// <summary>Copies whole envelopes; returns a description when the upstream broke framing.</summary>
    private string? ProcessBuffer(ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (EnvelopeScanner.TryReadHeader(buffer, out var header))
        {
            var problem = FrameValidator.Check(header, expectResponse: true, session.Config.MaxFrameBytes);
            if (problem != HeaderProblem.None) return FrameValidator.Describe(problem, header, session.Config.MaxFrameBytes);
            long total = FrameHeader.Size + (long)header.BodyLength;
            if (buffer.Length < total) break;
            var envelope = buffer.Slice(0, total);
            buffer = buffer.Slice(total);
            if (header.Stream >= 0)
            {
                session.InFlight.Remove(header.Stream);
                if (session.PendingStartup is { } startup && startup.Stream == header.Stream) OnStartupAnswered(startup, header);
            }
            foreach (var segment in envelope) output.Write(segment.Span);
        }
        return null;
    }

    private void OnStartupAnswered(StartupObservation startup, in FrameHeader header)
    {
        session.PendingStartup = null;
        if (header.Opcode is not (Opcode.Ready or Opcode.Authenticate)) return;
        if (startup.Version < ProtocolVersion.V5) session.Compression = startup.Compression;
        session.Log.LogDebug("{Client}: protocol v{Version} established, compression {Compression}", session.ClientName, startup.Version, startup.Compression ?? "none");
    }

    private void WriteProxyReplies(PipeWriter output)
    {
        while (session.ProxyReplies.TryDequeue(out var reply)) output.Write(reply);
    }

    /// <summary>Answers every request still waiting for the upstream, so none is left hanging.</summary>
    private void FailInFlight(PipeWriter output, string message)
    {
        byte version = session.Version > 0 ? (byte)session.Version : ProtocolVersion.Fallback;
        foreach (short stream in session.InFlight.TakeAll())
        {
            ProxyErrorFrame.Write(output, version, stream, ErrorCode.ServerError, message);
        }
    }
}
