using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Notices an upstream that stopped answering without closing (a hung node, a half-open TCP connection): when
/// the oldest request in flight is older than <c>requestTimeoutSeconds</c>, it wakes the response pump, which
/// answers every request in flight with ServerError and closes the pair. Answering a single stream instead is
/// not safe: the client may reuse the stream id while the upstream's late answer is still on its way.
/// </summary>
internal static class UpstreamWatchdog
{
    public static async Task RunAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var timeout = session.Config.RequestTimeout;
        if (timeout <= TimeSpan.Zero) return;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 50, 1000));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var age = session.InFlight.OldestAge();
                if (age <= timeout) continue;
                session.Log.LogWarning("{Client}: upstream left a request unanswered for {Age:F1} s (requestTimeoutSeconds {Timeout}); closing the connection",
                    session.ClientName, age.TotalSeconds, timeout.TotalSeconds);
                session.UpstreamTimedOut = true;
                session.Upstream?.Input.CancelPendingRead();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
    }
}
