using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Operations;

/// <summary>Ready when a connection to the upstream can be opened now (a real connect, closed at once).</summary>
public sealed class UpstreamReadinessCheck(IUpstreamConnector upstream) : IReadinessCheck
{
    public string Name => "upstream";

    public async ValueTask<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await upstream.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"upstream {upstream.Description} unreachable: {e.Message}";
        }
    }
}
