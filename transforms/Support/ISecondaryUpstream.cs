using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Transforms.Support;

/// <summary>
/// A connection to a second CQL cluster, used by <c>Tee</c> and <c>DualWrite</c>. The host adapts the CQL client
/// (ScriptProxy.Client's CqlConnection) to this; tests use an in-process implementation. It is already past
/// STARTUP (and USE of the keyspace when one was given).
/// </summary>
public interface ISecondaryUpstream : IAsyncDisposable
{
    /// <summary>The endpoint, for logs and error messages (e.g. "10.0.0.5:9042").</summary>
    string Endpoint { get; }

    /// <summary>Sends one request and returns the decoded response (an ERROR is returned, not thrown).</summary>
    /// <exception cref="IOException">The connection failed.</exception>
    ValueTask<IResponse> SendAsync(IRequest request, CancellationToken cancellationToken);
}
