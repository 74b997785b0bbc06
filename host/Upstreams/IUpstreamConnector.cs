using System.IO.Pipelines;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Opens one upstream connection per client connection (the proxy is transparent per connection).</summary>
public interface IUpstreamConnector : IAsyncDisposable
{
    /// <summary>For logs and error messages, e.g. "127.0.0.1:9142" or "embedded".</summary>
    string Description { get; }

    ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken);
}

/// <summary>An open upstream: its pipe and how to close it.</summary>
public sealed class UpstreamConnection(IDuplexPipe transport, Func<ValueTask> close) : IAsyncDisposable
{
    private Func<ValueTask>? _close = close;

    public IDuplexPipe Transport { get; } = transport;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _close, null)?.Invoke() ?? ValueTask.CompletedTask;
}
