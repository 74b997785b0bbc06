using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// Ready when a connection to the upstream can be opened now (a real connect, closed at once) and the upstream does not
/// know of a reason it cannot serve (<see cref="IUpstreamHealth"/>: the cluster sink after losing sight of the cluster).
/// </summary>
public sealed class UpstreamReadinessCheck(IUpstreamConnector upstream) : IReadinessCheck
{
    public string Name => "upstream";

    public async ValueTask<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await upstream.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Unreachable(e.Message);
        }
        return upstream is IUpstreamHealth { Problem: { } problem } ? Unreachable(problem) : null;
    }

    // One wording whether the upstream failed at connect (start-up) or later: operators grep for one phrase.
    private string Unreachable(string reason) => $"upstream {upstream.Description} unreachable: {reason}";
}
