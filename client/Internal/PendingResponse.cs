using System.Threading.Tasks.Sources;

namespace ScriptProxy.Client.Internal;

/// <summary>
/// The reusable completion of one stream id (zero allocation per request). The stream id goes back to the pool
/// only when both the response arrived (or the connection died) and the awaiter consumed the result, so an id is
/// never reused while a late response for it may still come.
/// </summary>
internal sealed class PendingResponse : IValueTaskSource<CqlRawResponse>
{
    private const int Idle = 0, Pending = 1, Answered = 2, Canceled = 3, CanceledConsumed = 4, CanceledAnswered = 5, Failed = 6;

    private readonly Action<short> _release;
    private ManualResetValueTaskSourceCore<CqlRawResponse> _core;
    private CancellationTokenRegistration _registration;
    private int _state;

    public PendingResponse(short stream, bool runContinuationsAsynchronously, Action<short> release)
    {
        Stream = stream;
        _release = release;
        _core.RunContinuationsAsynchronously = runContinuationsAsynchronously;
    }

    public short Stream { get; }

    /// <summary>Decode the whole response (not just the header) when it arrives.</summary>
    public bool Decode { get; private set; }

    /// <summary>True while the caller still waits for the answer.</summary>
    public bool IsPending => Volatile.Read(ref _state) == Pending;

    /// <summary>True when no request uses this stream id (a response for it is stray).</summary>
    public bool IsIdle => Volatile.Read(ref _state) == Idle;

    public ValueTask<CqlRawResponse> Start(bool decode, CancellationToken cancellationToken)
    {
        Decode = decode;
        Volatile.Write(ref _state, Pending);
        var task = new ValueTask<CqlRawResponse>(this, _core.Version);
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static (s, ct) => ((PendingResponse)s!).OnCanceled(ct), this);
        }
        return task;
    }

    /// <summary>Read loop: the response for this stream arrived.</summary>
    public void Complete(in CqlRawResponse response)
    {
        while (true)
        {
            int s = Volatile.Read(ref _state);
            switch (s)
            {
                case Pending:
                    if (Interlocked.CompareExchange(ref _state, Answered, Pending) != Pending) continue;
                    _core.SetResult(response);
                    return;
                case Canceled:
                    if (Interlocked.CompareExchange(ref _state, CanceledAnswered, Canceled) != Canceled) continue;
                    return;
                case CanceledConsumed:
                    if (Interlocked.CompareExchange(ref _state, Idle, CanceledConsumed) != CanceledConsumed) continue;
                    Recycle();
                    return;
                default:
                    return; // a stray response for a free id: ignore
            }
        }
    }

    /// <summary>The response could not be decoded, or the connection died.</summary>
    public void Fail(Exception error, bool connectionDead)
    {
        while (true)
        {
            int s = Volatile.Read(ref _state);
            if (s == Pending)
            {
                if (Interlocked.CompareExchange(ref _state, Failed, Pending) != Pending) continue;
                _core.SetException(error);
                return;
            }
            // A canceled request never gets its answer now; let the awaiter's GetResult finish the cycle.
            if (connectionDead && s == Canceled && Interlocked.CompareExchange(ref _state, CanceledAnswered, Canceled) != Canceled) continue;
            if (s == CanceledConsumed && Interlocked.CompareExchange(ref _state, Idle, CanceledConsumed) != CanceledConsumed) continue;
            if (s == CanceledConsumed) Recycle();
            return;
        }
    }

    private void OnCanceled(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Canceled, Pending) == Pending)
            _core.SetException(new OperationCanceledException(token));
    }

    public CqlRawResponse GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _registration.Dispose();
            _registration = default;
            while (true)
            {
                int s = Volatile.Read(ref _state);
                if (s == Canceled)
                {
                    // The server still owes an answer on this stream: the read loop recycles the slot when it comes.
                    if (Interlocked.CompareExchange(ref _state, CanceledConsumed, Canceled) != Canceled) continue;
                    break;
                }
                Volatile.Write(ref _state, Idle);
                Recycle();
                break;
            }
        }
    }

    private void Recycle()
    {
        _core.Reset();
        _release(Stream);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
