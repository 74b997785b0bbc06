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
    private readonly TaskCompletionSource<PipelineExchange> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
    public Task<PipelineExchange> Completion => _done.Task;

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
        var previous = Response as CqlResponseView;
        var frame = FrameEncoder.ToFrame(Request.Version, response: true, FrameFlags.None, Request.Stream, message, previous?.Envelope);
        var statement = Request is CqlRequestView { Opcode: Opcode.Execute } execute ? execute.Statement?.Result : null;
        Answer(new CqlResponseView(frame, previous?.FallbackColumns ?? statement));
    }

    /// <summary>Called by the connection when the upstream's answer for this stream arrived.</summary>
    public void SetUpstreamResponse(ICqlResponse response)
    {
        if (IsFinished)
        {
            (response as IDisposable)?.Dispose();
            return;
        }
        Volatile.Write(ref _response, response);
    }

    /// <summary>True when a stage (not the upstream) produced the current response.</summary>
    internal bool StageAnswered => Volatile.Read(ref _stageAnswered);

    internal ExchangeBudget Budget => _budget ??= new ExchangeBudget(this);

    internal bool HasPassed(int index) => (Volatile.Read(ref _passed) & (1UL << index)) != 0;

    /// <summary>Records that stage <paramref name="index"/> called next; false if it already had (a second call is a bug in the stage).</summary>
    internal bool MarkPassed(int index)
    {
        ulong bit = 1UL << index;
        ulong before = Interlocked.Or(ref _passed, bit);
        return (before & bit) == 0;
    }

    /// <summary>The end of the chain: forwards to the upstream unless a stage already answered.</summary>
    internal ValueTask ForwardAsync() => StageAnswered || IsFinished ? default : _upstream(this);

    /// <summary>Answers with ServerError on behalf of a failed stage (fail-closed, quarantine, overrun).</summary>
    internal void Fail(string stage, string why) =>
        Answer(StageReply.Error(Request.Version, Request.Stream, ErrorCode.ServerError, $"Proxy stage '{stage}' {why}"));

    /// <summary>Forgets a stage's own answer (fail-open: continue as if the stage were absent).</summary>
    internal void ClearStageAnswer()
    {
        if (IsFinished || !StageAnswered) return;
        Volatile.Write(ref _stageAnswered, false);
        Volatile.Write(ref _response, null);
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
        if (Response is null) Fail("(pipeline)", "ended without a response: a stage neither called next nor responded");
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        _budget?.Disarm();
        _done.TrySetResult(this);
    }

    private void Answer(ICqlResponse reply)
    {
        if (IsFinished) return;
        var previous = Interlocked.Exchange(ref _response, reply);
        Volatile.Write(ref _stageAnswered, true);
        if (previous is not null && !ReferenceEquals(previous, reply)) (previous as IDisposable)?.Dispose();
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
        _budget?.Dispose();
        _aborted?.Dispose();
        (Request as IDisposable)?.Dispose();
        (Interlocked.Exchange(ref _response, null) as IDisposable)?.Dispose();
    }
}
