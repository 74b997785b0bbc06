using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Client;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// The topology's connection to one node: opened to the first contact point or known node that answers, REGISTERed
/// for TOPOLOGY_CHANGE and STATUS_CHANGE, and reopened (elsewhere first) when it dies. Events go to
/// <c>onEvent</c> on the client's event task; <c>onLost</c> is called once per connection that dies while in use, so
/// the owner can reconnect at once instead of at its next periodic read. It connects with TLS and logs in as
/// <see cref="ClusterNodeAccess"/> says; a node that will not let it in fails it with a
/// <see cref="ClusterAuthenticationException"/> (logged as an error once per distinct reason), never a silent retry.
/// </summary>
internal sealed class ControlConnection : IAsyncDisposable
{
    private static readonly string[] EventTypesWanted = [EventTypes.TopologyChange, EventTypes.StatusChange];

    private readonly IReadOnlyList<IPEndPoint> _contactPoints;
    private readonly ClusterNodeAccess _access;
    private readonly Action<EventResponse> _onEvent;
    private readonly Action _onLost;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CqlConnection? _current;
    private IPEndPoint? _lastEndPoint;
    private volatile bool _disposed;
    private string? _lastAuthError;

    public ControlConnection(IReadOnlyList<IPEndPoint> contactPoints, ClusterNodeAccess access, Action<EventResponse> onEvent, Action onLost, ILogger log)
    {
        _contactPoints = contactPoints;
        _access = access;
        _onEvent = onEvent;
        _onLost = onLost;
        _log = log;
    }

    /// <summary>The node the live connection goes to; null when there is none.</summary>
    public IPEndPoint? EndPoint => _current is { Completion.IsCompleted: false } ? _lastEndPoint : null;

    /// <summary>True while a connection is open.</summary>
    public bool IsOpen => _current is { Completion.IsCompleted: false };

    /// <summary>The live connection, or a new one: known up nodes other than the last one first, then the contact points, then the last one.</summary>
    public async Task<CqlConnection> GetAsync(IEnumerable<IPEndPoint> knownUp, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !current.Completion.IsCompleted) return current;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { Completion.IsCompleted: false } fresh) return fresh;
            if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
            var last = _lastEndPoint;
            var candidates = knownUp.Where(e => !e.Equals(last)).Concat(_contactPoints).Distinct().Where(e => !e.Equals(last)).ToList();
            if (last is not null) candidates.Add(last);
            var errors = new List<string>();
            ClusterAuthenticationException? refused = null;
            foreach (var endPoint in candidates)
            {
                try
                {
                    var connection = await OpenAsync(endPoint, cancellationToken).ConfigureAwait(false);
                    if (last is null) _log.LogInformation("Cluster: control connection to {EndPoint}", endPoint);
                    else _log.LogInformation("Cluster: control connection moved from {Previous} to {EndPoint}", last, endPoint);
                    _lastEndPoint = endPoint;
                    _lastAuthError = null;
                    _current = connection;
                    WatchForLoss(connection, endPoint);
                    return connection;
                }
                catch (ClusterAuthenticationException e)
                {
                    // Every node of a cluster authenticates alike, but another may still be worth a try (a node whose
                    // auth tables are unavailable refuses a login the others accept).
                    refused ??= e;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    errors.Add($"{endPoint}: {e.Message}");
                }
            }
            if (refused is not null)
            {
                if (refused.Message != _lastAuthError) _log.LogError("Cluster: the control connection cannot log in: {Error}", refused.Message);
                _lastAuthError = refused.Message;
                throw refused;
            }
            throw new IOException($"No contact point answered ({string.Join("; ", errors)})");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CqlConnection> OpenAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var connection = await _access.OpenAsync(endPoint, _onEvent, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.RegisterAsync(EventTypesWanted, cancellationToken).ConfigureAwait(false);
        }
        catch (CqlServerException e)
        {
            // Still useful for reading the topology; node state then follows failures and probes only.
            _log.LogWarning("Cluster: {EndPoint} refused REGISTER ({Error}); node state follows connection failures and probes only", endPoint, e.Message);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }

    private void WatchForLoss(CqlConnection connection, IPEndPoint endPoint) =>
        _ = connection.Completion.ContinueWith(
            _ =>
            {
                if (_disposed || _current != connection) return;
                _log.LogWarning("Cluster: control connection to {EndPoint} lost; reconnecting to another node", endPoint);
                _onLost();
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }
        finally
        {
            _gate.Release();
        }
        _gate.Dispose();
    }
}
