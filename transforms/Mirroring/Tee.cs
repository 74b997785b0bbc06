using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Operations;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>
/// Sends every statement (QUERY, EXECUTE, BATCH, and USE; not those on the node-local system keyspaces) to a second cluster as well as to the pipeline's upstream,
/// concurrently, and answers with the result source's response. Differences are ignored, logged or turned into an
/// error (<see cref="Mismatch"/>); both the source and the behaviour can be switched while running (the admin API's
/// PUT /stages/{name}/settings, through <see cref="IRuntimeSettings"/>). Prepared
/// statements are prepared on the second cluster on first use and mapped by id. A second cluster that fails or
/// times out never fails the client when the primary is the result source.
/// </summary>
public sealed class Tee : IStage, IDisposable, IRuntimeSettings
{
    private readonly SecondaryCluster _secondary;
    private readonly TimeSpan _timeout;
    private readonly ILogger _log;
    private readonly TeeSettings _configured;
    private TeeSettings _settings; // replaced whole (Interlocked), read once per request
    private long _mismatches;

    private Tee(SecondaryCluster secondary, TeeSettings settings, TimeSpan timeout, ILogger log)
    {
        _secondary = secondary;
        _configured = _settings = settings;
        _timeout = timeout;
        _log = log;
    }

    /// <summary>Whose response the client gets; switchable at run time.</summary>
    public TeeResultSource ResultSource
    {
        get => Settings.ResultSource;
        set => Update(s => s with { ResultSource = value });
    }

    /// <summary>What a difference between the clusters does; switchable at run time.</summary>
    public TeeMismatch Mismatch
    {
        get => Settings.Mismatch;
        set => Update(s => s with { Mismatch = value });
    }

    /// <summary>The live settings (both switchable values, as one object).</summary>
    public TeeSettings Settings => Volatile.Read(ref _settings);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> CurrentSettings => Settings.ToDictionary();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ConfiguredSettings => _configured.ToDictionary();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Switch(IReadOnlyDictionary<string, string> changes)
    {
        RuntimeSwitch.RejectUnknown(changes, "resultSource", "mismatch");
        var before = Settings;
        var after = Update(s => new TeeSettings(RuntimeSwitch.Enum(changes, "resultSource", s.ResultSource), RuntimeSwitch.Enum(changes, "mismatch", s.Mismatch)));
        _log.LogWarning("Tee switched at run time from {Before} to {After} (proxy.json: {Configured}; applies again at the next start)", before, after, _configured);
        return after.ToDictionary();
    }

    // Compare-and-swap so two concurrent switches of different keys both take effect.
    private TeeSettings Update(Func<TeeSettings, TeeSettings> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _settings);
            var next = change(current);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _settings, next, current), current)) return next;
        }
    }

    /// <summary>Clients with a connection to the secondary cluster right now (each closes when its client leaves).</summary>
    public int SecondaryConnections => _secondary.ConnectionCount;

    /// <summary>Replaced or stopping: closes the secondary connections.</summary>
    public void Dispose() => _secondary.Dispose();

    /// <summary>Differences seen so far.</summary>
    public long MismatchCount => Interlocked.Read(ref _mismatches);

    /// <summary>Builds the stage from <c>upstream</c>, <c>resultSource</c>, <c>mismatch</c>, <c>timeoutMs</c>.</summary>
    public static Tee Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "upstream", "credentials", "tls", "resultSource", "mismatch", "timeoutMs");
        return new Tee(MirrorSettings.Cluster(r, context, "upstream", "Tee"), new TeeSettings(r.Enum("resultSource", TeeResultSource.Primary), r.Enum("mismatch", TeeMismatch.Ignore)),
            MirrorSettings.Timeout(r), context.LoggerFactory.CreateLogger("ScriptProxy.Transforms.Tee"));
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        // The system keyspaces describe each node itself (a driver's topology and schema reads): never mirrored.
        if (request.Opcode is not (Opcode.Query or Opcode.Execute or Opcode.Batch or Opcode.Prepare) || SystemKeyspaces.Contains(request.Keyspace))
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }
        var message = ExchangeMessages.Request(exchange);
        if (message is PrepareRequest prepare)
        {
            // The secondary prepares lazily; here we only learn the text behind the primary's id.
            await next(exchange).ConfigureAwait(false);
            if (ExchangeMessages.Response(exchange) is PreparedResult prepared) _secondary.Prepared.RememberText(prepared.Id, prepare.Query);
            return;
        }
        var secondaryTask = SendSecondaryAsync(exchange, message, request.Query);
        await next(exchange).ConfigureAwait(false);
        var secondary = await secondaryTask.ConfigureAwait(false);
        var primary = ExchangeMessages.Response(exchange);
        var settings = Settings;
        var mismatch = settings.Mismatch;
        if (mismatch != TeeMismatch.Ignore && primary is not null)
        {
            string? difference = secondary is null ? "the secondary did not answer" : ResponseComparer.Difference(primary, secondary);
            if (difference is not null)
            {
                Interlocked.Increment(ref _mismatches);
                _log.LogWarning("Tee mismatch with {Secondary} for {Query}: {Difference}", _secondary.Endpoint, request.Query ?? request.Opcode.ToString(), difference);
                if (mismatch == TeeMismatch.FailOnMismatch)
                {
                    exchange.Respond(ErrorCode.ServerError, $"Tee: the clusters answered differently ({difference}); primary: {ResponseComparer.Describe(primary)}");
                    return;
                }
            }
        }
        if (settings.ResultSource == TeeResultSource.Secondary)
        {
            if (secondary is null) exchange.Respond(ErrorCode.ServerError, $"Tee: the secondary cluster {_secondary.Endpoint} did not answer");
            else ExchangeMessages.Require(exchange, "Tee with resultSource Secondary").RespondMessage(secondary);
        }
    }

    private async Task<IResponse?> SendSecondaryAsync(ICqlExchange exchange, IRequest message, string? text)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(exchange.Aborted);
        cts.CancelAfter(_timeout);
        try
        {
            return await _secondary.SendAsync(exchange.Client, message, text, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException)
        {
            _log.LogWarning("Tee: {Secondary} failed: {Error}", _secondary.Endpoint, e.Message);
            return null;
        }
    }
}
