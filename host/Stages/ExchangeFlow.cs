using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The per-connection Rx pipeline: a Subject of exchanges (posted by the request reader, in arrival order),
/// each run through its snapshot: on the thread pool (isolated, the default), or inline on the poster's thread
/// when its snapshot is <see cref="PipelineSnapshot.Inline"/> (trusted stages: no hop); finished exchanges are pushed, inline on the thread that
/// finished them, into a synchronized Subject whose one subscriber writes each response. Completions may come
/// out of order (CQL matches by stream id); the synchronized subject serialises the writer, so it is never
/// called concurrently. Per exchange this costs no allocation and no thread hop beyond the one onto the pool
/// (the earlier SelectMany over a completion Task allocated an inner subscription per exchange and hopped once
/// more to deliver it).
/// </summary>
internal sealed class ExchangeFlow : IDisposable
{
    private readonly Subject<PipelineExchange> _requests = new();
    private readonly Subject<PipelineExchange> _finished = new();
    private readonly Action<PipelineExchange> _onFinished;
    private readonly IDisposable _subscription;
    private readonly PipelineStore _store;
    private readonly Action<Exception> _fault;
    private readonly Action<PipelineExchange> _run;
    private readonly Action<PipelineExchange> _runInline;
    private int _inFlight;
    private volatile bool _disposed;

    /// <param name="store">Where each exchange takes the snapshot it runs on.</param>
    /// <param name="write">Writes a finished exchange's response and disposes the exchange (the sole writer).</param>
    /// <param name="fault">Called if the writer throws; the flow then stops (the connection should close).</param>
    /// <param name="run">Runs an exchange on a pool thread; null: run its snapshot (the connection wraps it to batch upstream flushes).</param>
    /// <param name="runInline">Runs an exchange of an inline snapshot on the poster's thread; null: run its snapshot.</param>
    public ExchangeFlow(PipelineStore store, Action<PipelineExchange> write, Action<Exception> fault, Action<PipelineExchange>? run = null,
        Action<PipelineExchange>? runInline = null)
    {
        _store = store;
        _fault = fault;
        _run = run ?? (static ex => _ = ex.Snapshot!.RunAsync(ex));
        _runInline = runInline ?? (static ex => _ = ex.Snapshot!.RunAsync(ex));
        var finished = Subject.Synchronize(_finished);
        _onFinished = ex =>
        {
            if (!_disposed) finished.OnNext(ex);
        };
        _subscription = new CompositeDisposable(
            _requests.Subscribe(Start),
            _finished.Subscribe(ex =>
            {
                Interlocked.Decrement(ref _inFlight);
                Write(write, ex);
            }));
    }

    /// <summary>Exchanges posted and not yet written.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Captures the current snapshot for <paramref name="exchange"/> and posts it. Returns false (and posts
    /// nothing) when the current pipeline is empty, so the caller takes the bypass path.
    /// Not thread-safe: one poster per connection (the request reader).
    /// </summary>
    public bool TryPost(PipelineExchange exchange)
    {
        var snapshot = _store.Acquire();
        if (snapshot.IsEmpty) return false;
        exchange.Snapshot = snapshot;
        exchange.Finished = _onFinished;
        Interlocked.Increment(ref _inFlight);
        _requests.OnNext(exchange);
        return true;
    }

    private void Start(PipelineExchange exchange)
    {
        // Trusted (inline) versions run on the poster's thread until the chain first waits: no hop, no wake-up.
        if (exchange.Snapshot!.Inline)
        {
            _runInline(exchange);
            return;
        }
        // Isolated: off the reader's thread, so a stage stuck in a synchronous loop cannot stall the connection.
        ThreadPool.UnsafeQueueUserWorkItem(_run, exchange, preferLocal: false);
    }

    private void Write(Action<PipelineExchange> write, PipelineExchange exchange)
    {
        try
        {
            write(exchange);
        }
        catch (Exception e)
        {
            _disposed = true;
            _fault(e);
        }
    }

    public void Dispose()
    {
        // Exchanges still running finish into nothing (their connection is gone).
        _disposed = true;
        _requests.OnCompleted();
        _subscription.Dispose();
        _requests.Dispose();
    }
}
