using System.Threading.Tasks.Sources;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// An exchange whose request went upstream, waiting for the response with its stream id. Completed exactly once,
/// by whoever removed it from the connection's pending map (the response pump, or the connection failing its
/// pending exchanges); awaited exactly once, by the chain's end.
/// For an isolated pipeline version the chain continues on the thread pool (stage code never runs on the response
/// pump); for an inline version it continues synchronously on the completing thread, which is the response pump:
/// the reply is then queued before the pump writes its batch, with no thread hop and no wake-up.
/// One object per request (a TaskCompletionSource was two: itself and its Task).
/// </summary>
internal sealed class UpstreamWait(PipelineExchange exchange, bool inline) : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = !inline };

    public PipelineExchange Exchange { get; } = exchange;

    /// <summary>What the chain's end awaits.</summary>
    public ValueTask Task => new(this, _core.Version);

    /// <summary>The response arrived (see <see cref="PipelineExchange.SetUpstreamResponse"/>): resume the chain.</summary>
    /// <param name="forceAsync">Resume on the pool even for an inline version (the caller must not run stage code, e.g. while closing).</param>
    public void Complete(bool forceAsync = false)
    {
        if (forceAsync) _core.RunContinuationsAsynchronously = true;
        _core.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
