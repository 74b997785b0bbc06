using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The host's <see cref="ICqlExchange"/>: one request on its way through one pipeline version. It completes
/// exactly once (<see cref="Completion"/>), either when the chain returns or when the watchdog answers for a
/// stalled stage; whatever happens after that (a runaway stage responding, a late upstream answer) is ignored.
/// The connection's upstream is reached through the delegate given at construction.
/// Whole-message access (<see cref="ICqlMessageExchange"/>) is copy-on-write: an untouched request or response
/// goes out as its original bytes; a replaced one is encoded on the request's version and stream (compression
/// and v5 framing are the connection's, as for every other frame it writes).
/// </summary>
public sealed class PipelineExchange : ICqlMessageExchange, IDisposable
{
    private readonly Func<PipelineExchange, ValueTask> _upstream;
    private readonly CancellationToken _connection;
    // Created only when someone asks for Completion (tests, tools): the connection is told through Finished instead.
    private TaskCompletionSource<PipelineExchange>? _done;
    // Guards _response, _stageAnswered and _finished together: a stage (or a runaway one), the upstream and the
    // watchdog can all try to change the answer at once, and the writer must see one final, stable response.
    private readonly Lock _state = new();
    private ICqlResponse? _response;
    private bool _stageAnswered;
    private Dictionary<string, object?>? _items;
    private CancellationTokenSource? _aborted;
    private ExchangeBudget? _budget;
    private ulong _passed;
    private int _finished;

    /// <param name="request">The request (owned by the exchange from now on).</param>
    /// <param name="client">The client's address, for stages and logs.</param>
    /// <param name="upstream">Sends the (possibly changed) request upstream and calls <see cref="SetUpstreamResponse"/>.</param>
    /// <param name="connection">Cancelled when the client connection closes.</param>
    public PipelineExchange(ICqlRequest request, string client, Func<PipelineExchange, ValueTask> upstream, CancellationToken connection)
    {
        Request = request;
        Client = client;
        _upstream = upstream;
        _connection = connection;
    }

    public ICqlRequest Request { get; }

    public ICqlResponse? Response => Volatile.Read(ref _response);

    public string Client { get; }

    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Cancelled when the current stage's budget runs out or the connection closes.</summary>
    public CancellationToken Aborted
    {
        get
        {
            var cts = Volatile.Read(ref _aborted);
            if (cts is null)
            {
                var created = CancellationTokenSource.CreateLinkedTokenSource(_connection);
                cts = Interlocked.CompareExchange(ref _aborted, created, null) ?? created;
                if (!ReferenceEquals(cts, created)) created.Dispose();
            }
            return cts.Token;
        }
    }

    /// <summary>The client connection (or the proxy) is closing: nobody is left to receive an answer.</summary>
    internal bool ConnectionClosing => _connection.IsCancellationRequested;

    /// <summary>Completes once with this exchange when it has its final response.</summary>
    public Task<PipelineExchange> Completion
    {
        get
        {
            TaskCompletionSource<PipelineExchange> done;
            lock (_state)
            {
                if (_done is not null) return _done.Task;
                done = _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_finished == 0) return done.Task;
            }
            done.TrySetResult(this);
            return done.Task;
        }
    }

    /// <summary>
    /// Called once, inline on the thread that finished the exchange (the chain's end, or the watchdog for a
    /// stalled stage): the connection's flow hands the response to the writer without another thread hop.
    /// </summary>
    internal Action<PipelineExchange>? Finished { get; set; }

    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    /// <summary>The pipeline version this exchange runs on (captured at its start).</summary>
    public long PipelineVersion { get; internal set; }

    /// <summary>The snapshot this exchange was posted with (acquired by the poster, released when the chain ends).</summary>
    internal PipelineSnapshot? Snapshot { get; set; }

    public void Respond(ErrorCode code, string message) => Answer(StageReply.Error(Request.Version, Request.Stream, code, message));

    public void RespondVoid() => Answer(StageReply.Void(Request.Version, Request.Stream));

    public void RespondRows(IReadOnlyList<ResultColumn> columns, IEnumerable<IReadOnlyList<object?>> rows) =>
        Answer(StageReply.Rows(Request.Version, Request.Stream, columns, rows));

    public IRequest RequestMessage => Request is CqlRequestView view ? view.Message : MessageCodec.DecodeRequest(Request.Frame);

    /// <exception cref="NotSupportedException">The request is not the host's own view (only in tests of other request types).</exception>
    public void SetRequestMessage(IRequest message)
    {
        if (Request is not CqlRequestView view) throw new NotSupportedException($"SetRequestMessage needs the host's request view, not {Request.GetType().Name}");
        view.SetMessage(message);
    }

    public IResponse? ResponseMessage => Response switch
    {
        null => null,
        CqlResponseView view => view.CurrentMessage,
        { } other => MessageCodec.DecodeResponse(other.Frame),
    };

    /// <summary>
    /// Encodes <paramref name="message"/> at once (it may hold views into the response it replaces, which is released
    /// here), keeping the replaced upstream answer's preamble (tracing id, warnings) so a traced request stays traced.
    /// </summary>
    public void RespondMessage(IResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsFinished) return;
        // A concurrent replacement of the previous response only means this answer is built on a stale preamble.
        var previous = Response as CqlResponseView;
        var frame = FrameEncoder.ToFrame(Request.Version, response: true, FrameFlags.None, Request.Stream, message, previous?.Envelope);
        var statement = Request is CqlRequestView { Opcode: Opcode.Execute } execute ? execute.Statement?.Result : null;
        Answer(new CqlResponseView(frame, previous?.FallbackColumns ?? statement));
    }

    /// <summary>Called by the connection when the upstream's answer for this stream arrived.</summary>
    public void SetUpstreamResponse(ICqlResponse response) => Replace(response, byStage: false);

    /// <summary>True when a stage (not the upstream) produced the current response.</summary>
    internal bool StageAnswered => Volatile.Read(ref _stageAnswered);

    internal ExchangeBudget Budget => _budget ??= new ExchangeBudget(this, Snapshot?.Watchdog ?? BudgetWatchdog.Shared);

    internal bool HasPassed(int index) => (Volatile.Read(ref _passed) & (1UL << index)) != 0;

    /// <summary>Records that stage <paramref name="index"/> called next; false if it already had (a second call is a bug in the stage).</summary>
    internal bool MarkPassed(int index)
    {
        ulong bit = 1UL << index;
        ulong before = Interlocked.Or(ref _passed, bit);
        return (before & bit) == 0;
    }

    /// <summary>The end of the chain: forwards to the upstream unless a stage already answered.</summary>
    internal ValueTask ForwardAsync()
    {
        if (StageAnswered || IsFinished) return default;
        ValueTask sent;
        try
        {
            sent = _upstream(this);
        }
        catch (Exception e)
        {
            FailUpstream(e);
            return default;
        }
        if (sent.IsCompletedSuccessfully) return default;
        return UpstreamNeverFaults ? sent : AwaitUpstreamAsync(sent);
    }

    /// <summary>
    /// The upstream delegate's task never faults (the connection's, whose failures arrive as responses or are thrown
    /// before it returns): the chain's end returns it as is instead of wrapping it in a state machine per request.
    /// </summary>
    internal bool UpstreamNeverFaults { get; init; }

    // The upstream failing (connection closing, a write error) is not the fault of the stage that called next:
    // answer here so the stage's guard never sees it, and the exchange never ends without a response.
    // Pooled: only host code awaits this (once); the ValueTask given to stage code is never pooled.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitUpstreamAsync(ValueTask sent)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FailUpstream(e);
        }
    }

    private void FailUpstream(Exception e) =>
        Answer(StageReply.Error(Request.Version, Request.Stream, ErrorCode.ServerError, $"Proxy could not forward the request upstream ({e.GetType().Name}: {e.Message})"));

    /// <summary>Answers with ServerError on behalf of a failed stage (fail-closed, quarantine, overrun).</summary>
    internal void Fail(string stage, string why) =>
        Answer(StageReply.Error(Request.Version, Request.Stream, ErrorCode.ServerError, $"Proxy stage '{stage}' {why}"));

    /// <summary>Forgets a stage's own answer (fail-open: continue as if the stage were absent).</summary>
    internal void ClearStageAnswer()
    {
        ICqlResponse? previous;
        lock (_state)
        {
            if (_finished != 0 || !_stageAnswered) return;
            previous = _response;
            Volatile.Write(ref _stageAnswered, false);
            Volatile.Write(ref _response, null);
        }
        (previous as IDisposable)?.Dispose();
    }

    /// <summary>Cancels the current <see cref="Aborted"/> token; later stages get a fresh one.</summary>
    internal void CancelAborted()
    {
        var cts = Interlocked.Exchange(ref _aborted, null);
        if (cts is null) return;
        try
        {
            cts.Cancel();
        }
        catch (AggregateException)
        {
            // A stage's cancellation callback threw; the stage is being abandoned anyway.
        }
    }

    /// <summary>Completes the exchange (once). A chain that ended with no response gets ServerError.</summary>
    internal void Finish()
    {
        TaskCompletionSource<PipelineExchange>? done;
        lock (_state)
        {
            if (_finished != 0) return;
            if (_response is null)
            {
                Volatile.Write(ref _response, StageReply.Error(Request.Version, Request.Stream, ErrorCode.ServerError,
                    "Proxy stage '(pipeline)' ended without a response: a stage neither called next nor responded"));
                Volatile.Write(ref _stageAnswered, true);
            }
            // From here the response is frozen: late answers (a runaway stage, a late upstream) are dropped.
            Volatile.Write(ref _finished, 1);
            done = _done;
        }
        _budget?.Disarm();
        Finished?.Invoke(this);
        done?.TrySetResult(this);
    }

    private void Answer(ICqlResponse reply) => Replace(reply, byStage: true);

    /// <summary>Makes <paramref name="response"/> the answer unless the exchange finished; whichever response lost is released.</summary>
    private void Replace(ICqlResponse response, bool byStage)
    {
        ICqlResponse? discarded;
        lock (_state)
        {
            if (_finished != 0)
            {
                discarded = response;
            }
            else
            {
                discarded = _response;
                Volatile.Write(ref _response, response);
                if (byStage) Volatile.Write(ref _stageAnswered, true);
            }
        }
        if (discarded is not null && !ReferenceEquals(discarded, Response)) (discarded as IDisposable)?.Dispose();
    }

    /// <summary>The <c>cql.request</c> span of this exchange (null with tracing off); stage spans are its children.</summary>
    internal System.Diagnostics.Activity? Trace { get; set; }

    /// <summary>Releases the request, the response and the watchdog. Called by the writer after the response went out.</summary>
    public void Dispose()
    {
        if (Trace is { } trace)
        {
            Trace = null;
            if (Response is { } response)
            {
                trace.SetTag("cql.response", response.Opcode.ToString().ToUpperInvariant());
                if (response.IsError)
                {
                    trace.SetTag("cql.error_code", response.ErrorCode is { } code ? $"0x{(int)code:X4}" : "unknown");
                    trace.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                }
            }
            trace.Stop();
        }
        _budget?.Disarm();
        _aborted?.Dispose();
        (Request as IDisposable)?.Dispose();
        (Interlocked.Exchange(ref _response, null) as IDisposable)?.Dispose();
    }
}
