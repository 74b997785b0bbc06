using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Protocol;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// One client connection and its upstream connection. Runs the request and response pumps and decides
/// how the pair ends: client done -> wait for in-flight responses, then close; upstream lost -> answer
/// in-flight requests with errors, then close; shutdown -> stop reading, drain, close.
/// </summary>
internal sealed class ClientSession
{
    private readonly SessionContext _session;
    private readonly SocketTransport _client;
    private readonly IUpstreamConnector _connector;
    private readonly CancellationTokenSource _abort = new();

    public ClientSession(SocketTransport client, IUpstreamConnector connector, ProxyConfig config, ILogger log, ProxyMetrics metrics, Stages.StageHost? stages = null)
    {
        _client = client;
        _connector = connector;
        _session = new SessionContext(config, log, client, client.RemoteEndPoint?.ToString() ?? "client", metrics);
        if (stages is not null) _session.Stages = new SessionStages(_session, stages);
    }

    public string Name => _session.ClientName;

    public int InFlight => _session.InFlight.Count;

    public async Task RunAsync()
    {
        var log = _session.Log;
        UpstreamConnection? upstream = null;
        try
        {
            try
            {
                upstream = await _connector.ConnectAsync(_abort.Token).ConfigureAwait(false);
                _session.Metrics.UpstreamConnect(ok: true);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _session.Metrics.UpstreamConnect(ok: false);
                log.LogWarning("{Client}: upstream {Upstream} unreachable: {Error}", Name, _connector.Description, e.Message);
                await RejectFirstRequestAsync($"ScriptProxy cannot reach upstream {_connector.Description}: {e.Message}").ConfigureAwait(false);
                return;
            }
            _session.Upstream = upstream.Transport;
            await PumpAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Aborted by shutdown after the drain timeout.
        }
        catch (Exception e)
        {
            log.LogError(e, "{Client}: session failed", Name);
        }
        finally
        {
            if (_session.EstablishedVersion > 0) _session.Metrics.VersionEstablished(_session.EstablishedVersion, -1);
            _session.Stages?.Dispose();
            try
            {
                if (upstream is not null) await upstream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Whatever the upstream's close threw, the client's connection is still closed below: a client left
                // open after its session ended would wait forever for answers that never come.
                log.LogDebug("{Client}: closing the upstream connection failed: {Error}", Name, e.Message);
            }
            await _client.DisposeAsync().ConfigureAwait(false);
            log.LogDebug("{Client}: closed", Name);
        }
    }

    private async Task PumpAsync()
    {
        var watchdog = UpstreamWatchdog.RunAsync(_session, _abort.Token);
        var requests = new RequestPump(_session).RunAsync(_abort.Token);
        var responsePump = new ResponsePump(_session);
        var responses = responsePump.RunAsync(_abort.Token);
        var first = await Task.WhenAny(requests, responses).ConfigureAwait(false);
        if (first == requests)
        {
            await ObserveAsync(requests).ConfigureAwait(false);
            // The client stopped sending (EOF, a fatal frame, or shutdown): let in-flight requests finish,
            // bounded by the shutdown timeout, then end the response pump.
            if (!_session.CloseAfterReplies)
            {
                await WaitAsync(_session.InFlight.WhenDrainedAsync(), _session.Config.ShutdownTimeout).ConfigureAwait(false);
            }
            _session.CloseAfterReplies = true;
            _session.Upstream!.Input.CancelPendingRead();
            await WaitAsync(responses, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        else
        {
            // Upstream gone or client output closed: stop reading requests.
            _session.Draining = true;
            _client.Input.CancelPendingRead();
            await WaitAsync(requests, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (requests.IsCompleted && responses.IsCompletedSuccessfully) await responsePump.AnswerStragglersAsync().ConfigureAwait(false);
        }
        _abort.Cancel();
        await watchdog.ConfigureAwait(false);
        await ObserveAsync(requests).ConfigureAwait(false);
        await ObserveAsync(responses).ConfigureAwait(false);
    }

    /// <summary>Asks the session to finish: stop reading new requests and close once in-flight ones are answered.</summary>
    public void BeginDrain()
    {
        _session.Draining = true;
        _client.Input.CancelPendingRead();
    }

    /// <summary>Ends the session at once (after the drain timeout).</summary>
    public void Abort() => _abort.Cancel();

    /// <summary>With no upstream, answer the first request with an error so the driver sees why, then close.</summary>
    private async Task RejectFirstRequestAsync(string message)
    {
        using var timeout = new CancellationTokenSource(_session.Config.ConnectTimeout);
        try
        {
            var result = await _client.Input.ReadAtLeastAsync(FrameHeader.Size, timeout.Token).ConfigureAwait(false);
            if (EnvelopeScanner.TryReadHeader(result.Buffer, out var header))
            {
                byte version = ProtocolVersion.IsSupported(header.Version) ? header.Version : ProtocolVersion.Fallback;
                ProxyErrorFrame.Write(_client.Output, version, header.Stream, ErrorCode.ServerError, message);
                await _client.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            _client.Input.AdvanceTo(result.Buffer.End);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left or said nothing: closing is the answer.
        }
    }

    private static async Task WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Timeouts and pump failures are observed by the caller's ObserveAsync.
        }
    }

    private async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            _session.Log.LogDebug("{Client}: pump ended: {Error}", Name, e.Message);
        }
        catch (Exception e)
        {
            _session.Log.LogError(e, "{Client}: pump failed", Name);
        }
    }
}
