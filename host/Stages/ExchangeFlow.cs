using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The per-connection Rx pipeline: a Subject of exchanges (posted by the request reader, in arrival order)
/// → SelectMany(run the exchange's snapshot on the thread pool; completes when it has its response) →
/// one subscriber that writes each response. Completions may come out of order (CQL matches by stream id);
/// Rx serialises the subscriber, so the writer is never called concurrently.
/// </summary>
internal sealed class ExchangeFlow : IDisposable
{
    private readonly Subject<PipelineExchange> _requests = new();
    private readonly IDisposable _subscription;
    private readonly PipelineStore _store;
    private int _inFlight;

    /// <param name="store">Where each exchange takes the snapshot it runs on.</param>
    /// <param name="write">Writes a finished exchange's response and disposes the exchange (the sole writer).</param>
    /// <param name="fault">Called if the writer throws; the flow then stops (the connection should close).</param>
    public ExchangeFlow(PipelineStore store, Action<PipelineExchange> write, Action<Exception> fault)
    {
        _store = store;
        _subscription = _requests
            .SelectMany(Start)
            .Subscribe(ex =>
            {
                Interlocked.Decrement(ref _inFlight);
                write(ex);
            }, fault);
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
        Interlocked.Increment(ref _inFlight);
        _requests.OnNext(exchange);
        return true;
    }

    private static Task<PipelineExchange> Start(PipelineExchange exchange)
    {
        // Off the reader's thread: a stage stuck in a synchronous loop must not stall the connection.
        ThreadPool.UnsafeQueueUserWorkItem(static ex => _ = ex.Snapshot!.RunAsync(ex), exchange, preferLocal: false);
        return exchange.Completion;
    }

    public void Dispose()
    {
        _requests.OnCompleted();
        _subscription.Dispose();
        _requests.Dispose();
    }
}
