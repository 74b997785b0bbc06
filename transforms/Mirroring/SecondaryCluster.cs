using System.Collections.Concurrent;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>
/// The second cluster of Tee and DualWrite: one connection per client connection (so a client's USE only changes
/// its own secondary session), requests translated to the secondary's prepared ids, statements prepared there on
/// first use and again when it answers Unprepared.
/// </summary>
/// <param name="retryDelay">
/// How long a failed connect (unreachable, refused login, untrusted certificate) is remembered for a client: its
/// requests fail at once meanwhile instead of each paying a connect timeout, and the first one after it connects
/// again, so a secondary that comes back is used again without the client reconnecting. Default 1 s.
/// </param>
internal sealed class SecondaryCluster(SecondaryTarget target, Func<SecondaryTarget, CancellationToken, ValueTask<ISecondaryUpstream>> connect, TimeSpan? retryDelay = null) : IObserver<string>, IDisposable
{
    private const int MaxConnections = 1024;
    private readonly TimeSpan _retryDelay = retryDelay ?? TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Lazy<Task<ISecondaryUpstream>>> _connections = new(StringComparer.Ordinal);
    private IDisposable? _departures;

    public string Endpoint { get; } = target.Endpoint;

    public PreparedMap Prepared { get; } = new();

    /// <summary>Sends <paramref name="request"/> (written for the primary) on <paramref name="client"/>'s secondary connection.</summary>
    /// <param name="text">The statement text of an EXECUTE, when the host knows it.</param>
    public async ValueTask<IResponse> SendAsync(string client, IRequest request, string? text, CancellationToken cancellationToken)
    {
        var upstream = await ConnectionFor(client, cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                var translated = await TranslateAsync(upstream, request, text, cancellationToken).ConfigureAwait(false);
                if (translated is ErrorResponse failed) return failed;
                var response = await upstream.SendAsync((IRequest)translated, cancellationToken).ConfigureAwait(false);
                // The secondary lost the statement (restart, eviction): prepare it again once.
                if (response is ErrorResponse { Code: ErrorCode.Unprepared } && attempt == 0 && request is ExecuteRequest or BatchRequest)
                {
                    ForgetAll(request);
                    continue;
                }
                return response;
            }
        }
        catch (IOException)
        {
            // Reconnect on the next request rather than keep a dead connection.
            if (_connections.TryRemove(client, out var dead)) await DisposeQuietly(dead).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes a client's connection when <paramref name="departures"/> announces that the client left.</summary>
    public SecondaryCluster Following(IObservable<string> departures)
    {
        _departures = departures.Subscribe(this);
        return this;
    }

    /// <summary>The stage is gone (replaced, or the proxy stops): stop following departures and close every connection.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _departures, null)?.Dispose();
        _ = CloseAllAsync().AsTask();
    }

    /// <summary>How many clients have a secondary connection open (or opening).</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>A client left: close its secondary connection (in the background; nobody waits for it).</summary>
    public void OnNext(string value)
    {
        if (_connections.TryRemove(value, out var gone)) _ = DisposeQuietly(gone).AsTask();
    }

    public void OnError(Exception error)
    {
        // Departures never fail.
    }

    public void OnCompleted()
    {
        // The host stopped announcing: the stage's own disposal closes the rest.
    }

    /// <summary>Closes every connection; called when the stage is replaced or the proxy stops.</summary>
    public async ValueTask CloseAllAsync()
    {
        foreach (var key in _connections.Keys)
        {
            if (_connections.TryRemove(key, out var c)) await DisposeQuietly(c).ConfigureAwait(false);
        }
    }

    private Task<ISecondaryUpstream> ConnectionFor(string client, CancellationToken cancellationToken)
    {
        if (_connections.Count >= MaxConnections && !_connections.ContainsKey(client))
        {
            var victim = _connections.Keys.FirstOrDefault();
            if (victim is not null && _connections.TryRemove(victim, out var old)) _ = DisposeQuietly(old).AsTask();
        }
        var lazy = _connections.GetOrAdd(client, NewConnection);
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private Lazy<Task<ISecondaryUpstream>> NewConnection(string client)
    {
        Lazy<Task<ISecondaryUpstream>>? entry = null;
        entry = new Lazy<Task<ISecondaryUpstream>>(() => ConnectAsync(client, entry!));
        return entry;
    }

    private async Task<ISecondaryUpstream> ConnectAsync(string client, Lazy<Task<ISecondaryUpstream>> entry)
    {
        try
        {
            return await connect(target, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Kept (failing fast) for the retry delay, then dropped so that the next request connects again. Only this
            // entry is removed: a newer one for the same client is left alone.
            _ = ForgetAfterDelayAsync(client, entry);
            throw;
        }
    }

    private async Task ForgetAfterDelayAsync(string client, Lazy<Task<ISecondaryUpstream>> entry)
    {
        await Task.Delay(_retryDelay).ConfigureAwait(false);
        _connections.TryRemove(new KeyValuePair<string, Lazy<Task<ISecondaryUpstream>>>(client, entry));
    }

    private async ValueTask<object> TranslateAsync(ISecondaryUpstream upstream, IRequest request, string? text, CancellationToken ct)
    {
        switch (request)
        {
            case ExecuteRequest e:
            {
                var id = await SecondaryIdAsync(upstream, e.QueryId, text, ct).ConfigureAwait(false);
                if (id is null) return ErrorResponse.Unprepared(e.QueryId, $"The statement is not known to the secondary cluster {Endpoint}");
                return e with { QueryId = id.Value.Id, ResultMetadataId = e.ResultMetadataId is null ? null : id.Value.MetadataId ?? e.ResultMetadataId };
            }
            case BatchRequest b when b.Statements.Any(s => s.IsPrepared):
            {
                var statements = new List<BatchStatement>(b.Statements.Count);
                foreach (var s in b.Statements)
                {
                    if (s.PreparedId is not { } pid)
                    {
                        statements.Add(s);
                        continue;
                    }
                    var id = await SecondaryIdAsync(upstream, pid, null, ct).ConfigureAwait(false);
                    if (id is null) return ErrorResponse.Unprepared(pid, $"A batch statement is not known to the secondary cluster {Endpoint}");
                    statements.Add(BatchStatement.ForPrepared(id.Value.Id, s.Values));
                }
                return b with { Statements = statements };
            }
            default:
                return request;
        }
    }

    private async ValueTask<(byte[] Id, byte[]? MetadataId)?> SecondaryIdAsync(ISecondaryUpstream upstream, ReadOnlyMemory<byte> primaryId, string? text, CancellationToken ct)
    {
        if (Prepared.Secondary(primaryId) is { } known) return known;
        text ??= Prepared.Text(primaryId);
        if (text is null) return null;
        Prepared.RememberText(primaryId, text);
        if (await upstream.SendAsync(new PrepareRequest(text), ct).ConfigureAwait(false) is not PreparedResult prepared) return null;
        Prepared.RememberSecondary(primaryId, prepared.Id, prepared.ResultMetadataId);
        return Prepared.Secondary(primaryId);
    }

    private void ForgetAll(IRequest request)
    {
        if (request is ExecuteRequest e) Prepared.ForgetSecondary(e.QueryId);
        if (request is BatchRequest b)
        {
            foreach (var s in b.Statements) if (s.PreparedId is { } id) Prepared.ForgetSecondary(id);
        }
    }

    private static async ValueTask DisposeQuietly(Lazy<Task<ISecondaryUpstream>> connection)
    {
        try
        {
            // One still connecting is awaited, then closed; one never started has nothing to close.
            if (connection.IsValueCreated) await (await connection.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // A connection that never opened or already broke has nothing to close.
        }
    }
}
