using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Operations;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// State shared by the two pumps of one client connection. Invariants:
/// only the response pump writes to the client output while it runs (the request pump hands its own
/// replies over through <see cref="ProxyReplies"/> and wakes it with CancelPendingRead), and fields the
/// other pump reads are written once or are volatile.
/// </summary>
internal sealed class SessionContext(ProxyConfig config, ILogger log, IDuplexPipe client, string clientName, ProxyMetrics metrics)
{
    public ProxyMetrics Metrics { get; } = metrics;

    public ProxyConfig Config { get; } = config;

    public ILogger Log { get; } = log;

    public IDuplexPipe Client { get; } = client;

    public string ClientName { get; } = clientName;

    public IDuplexPipe? Upstream { get; set; }

    /// <summary>The connection's stage pipeline side; null when the proxy runs no stage runtime (pure bypass).</summary>
    public SessionStages? Stages { get; set; }

    public InFlightStreams InFlight { get; } = new();

    /// <summary>ERROR frames the proxy answers itself; rare, so a byte[] each is fine.</summary>
    public ConcurrentQueue<byte[]> ProxyReplies { get; } = new();

    /// <summary>Protocol version fixed by the first valid request; -1 before it.</summary>
    public int Version { get; set; } = -1;

    /// <summary>Stream of the STARTUP awaiting its READY/AUTHENTICATE, and the compression it asked for.</summary>
    public volatile StartupObservation? PendingStartup;

    /// <summary>Protocol version once STARTUP was answered with READY/AUTHENTICATE; 0 before.</summary>
    public int EstablishedVersion { get; set; }

    /// <summary>Body compression agreed for v3/v4 (null = none). Set by the response pump on READY.</summary>
    public volatile IBodyCompressor? Compression;

    /// <summary>v5 segment framing is on in both directions (set by the response pump on READY to a v5 STARTUP).</summary>
    public volatile bool Segmented;

    /// <summary>With <see cref="Segmented"/>: segments use the LZ4 format.</summary>
    public bool SegmentLz4 { get; set; }

    /// <summary>The request pump met a problem that breaks framing: close once the replies are flushed.</summary>
    public volatile bool CloseAfterReplies;

    /// <summary>The watchdog found a request older than the request timeout: the upstream is treated as hung.</summary>
    public volatile bool UpstreamTimedOut;

    /// <summary>Shutdown asked this session to stop reading requests and finish those in flight.</summary>
    public volatile bool Draining;

    /// <summary>Queues a reply, then asks the session to close once it is flushed (framing is lost).</summary>
    public bool ReplyAndClose(byte version, short stream, string message)
    {
        CloseAfterReplies = true;
        Reply(version, stream, ErrorCode.ProtocolError, message);
        return true;
    }

    /// <summary>Bookkeeping for a request envelope about to be forwarded.</summary>
    /// <param name="header">The request's header.</param>
    /// <param name="envelopeLength">Bytes forwarded.</param>
    /// <param name="span">Start a <c>cql.request</c> span here (false when the stage pipeline owns the exchange's span).</param>
    public void Forwarding(in FrameHeader header, long envelopeLength, bool span = true)
    {
        InFlight.Add(header.Stream, header.Opcode, span ? StartRequestSpan(header) : null);
        Metrics.RequestForwarded(header.Opcode, envelopeLength);
    }

    /// <summary>A <c>cql.request</c> span for a request, or null when nobody listens (the common, free case).</summary>
    public Activity? StartRequestSpan(in FrameHeader header)
    {
        if (!ProxyTracing.Source.HasListeners()) return null;
        var activity = ProxyTracing.Source.StartActivity("cql.request", ActivityKind.Server);
        if (activity is null) return null;
        activity.SetTag("cql.opcode", header.Opcode.ToString().ToUpperInvariant());
        activity.SetTag("cql.stream", header.Stream);
        activity.SetTag("cql.protocol_version", header.Version);
        activity.SetTag("client.address", ClientName);
        Activity.Current = null; // the span belongs to the stream, not to this loop's async flow
        return activity;
    }

    /// <summary>
    /// Bookkeeping for a response envelope: clears its stream and records latency and, for an ERROR, its code.
    /// </summary>
    public void Responded(in FrameHeader header, long envelopeLength, in ReadOnlySequence<byte> body)
    {
        Metrics.ResponseForwarded(envelopeLength);
        if (!InFlight.Remove(header.Stream, out var slot)) return;
        int code = header.Opcode == Opcode.Error ? ErrorCodeReader.Read(header, body, Compression) : 0;
        Metrics.Completed(slot.Opcode, slot.StartTimestamp, header.Opcode, code);
        if (slot.Activity is { } activity)
        {
            activity.SetTag("cql.response", header.Opcode.ToString().ToUpperInvariant());
            if (header.Opcode == Opcode.Error)
            {
                activity.SetTag("cql.error_code", code < 0 ? "unknown" : $"0x{code:X4}");
                activity.SetStatus(ActivityStatusCode.Error);
            }
            activity.Stop();
        }
    }

    public void Reply(byte version, short stream, ErrorCode code, string message)
    {
        Log.LogDebug("{Client}: answering stream {Stream} with {Code}: {Message}", ClientName, stream, code, message);
        Metrics.ProxyError(code);
        ProxyReplies.Enqueue(ProxyErrorFrame.Create(version, stream, code, message));
        Upstream?.Input.CancelPendingRead();
    }
}

/// <summary>What a STARTUP asked for, kept until its answer arrives.</summary>
internal sealed record StartupObservation(short Stream, byte Version, string? Compression);
