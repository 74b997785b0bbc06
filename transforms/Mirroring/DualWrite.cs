using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Operations;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>
/// Zero-downtime migration in the style of ZDM: writes go to both the origin (the pipeline's upstream) and the target
/// cluster, concurrently, and succeed only if both do (otherwise the client gets the failing cluster's error, so the
/// two never silently diverge); reads go to <c>reads</c> (Origin, switchable to Target at run time once the target
/// is complete); USE goes to both; schema changes go to the origin only (the target's schema is created by the
/// migration). Prepared statements carry the origin's ids and are prepared on the target on first use.
/// <c>reads</c> is switched by the admin API's PUT /stages/{name}/settings (<see cref="IRuntimeSettings"/>).
/// </summary>
public sealed class DualWrite : IStage, IDisposable, IRuntimeSettings
{
    private readonly SecondaryCluster _target;
    private readonly TimeSpan _timeout;
    private readonly ILogger _log;
    private readonly DualWriteReads _configuredReads;
    private volatile DualWriteReads _reads; // the only switchable setting: one enum, swapped atomically

    private DualWrite(SecondaryCluster target, DualWriteReads reads, TimeSpan timeout, ILogger log)
    {
        _target = target;
        _reads = _configuredReads = reads;
        _timeout = timeout;
        _log = log;
    }

    /// <summary>Where reads go; switchable at run time.</summary>
    public DualWriteReads Reads
    {
        get => _reads;
        set => _reads = value;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> CurrentSettings => View(_reads);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ConfiguredSettings => View(_configuredReads);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Switch(IReadOnlyDictionary<string, string> changes)
    {
        RuntimeSwitch.RejectUnknown(changes, "reads");
        var before = _reads;
        var after = _reads = RuntimeSwitch.Enum(changes, "reads", before);
        _log.LogWarning("DualWrite reads switched at run time from {Before} to {After} (proxy.json: {Configured}; applies again at the next start)", before, after, _configuredReads);
        return View(after);
    }

    private static Dictionary<string, string> View(DualWriteReads reads) => new() { ["reads"] = reads.ToString() };

    /// <summary>Clients with a connection to the target cluster right now (each closes when its client leaves).</summary>
    public int TargetConnections => _target.ConnectionCount;

    /// <summary>Replaced or stopping: closes the target connections.</summary>
    public void Dispose() => _target.Dispose();

    /// <summary>Builds the stage from <c>target</c>, <c>reads</c>, <c>timeoutMs</c>.</summary>
    public static DualWrite Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "target", "credentials", "tls", "reads", "timeoutMs");
        return new DualWrite(MirrorSettings.Cluster(r, context, "target", "DualWrite"), r.Enum("reads", DualWriteReads.Origin), MirrorSettings.Timeout(r),
            context.LoggerFactory.CreateLogger("ScriptProxy.Transforms.DualWrite"));
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        var message = ExchangeMessages.Request(exchange);
        switch (message)
        {
            case PrepareRequest prepare:
                await next(exchange).ConfigureAwait(false);
                if (ExchangeMessages.Response(exchange) is PreparedResult prepared) _target.Prepared.RememberText(prepared.Id, prepare.Query);
                return;
            case QueryRequest or ExecuteRequest when request.Kind == StatementKind.Read:
                // The system keyspaces (a driver's topology and schema reads) always come from the origin the driver is connected through.
                if (_reads == DualWriteReads.Origin || SystemKeyspaces.Contains(request.Keyspace))
                {
                    await next(exchange).ConfigureAwait(false);
                    return;
                }
                var read = await SendTargetAsync(exchange, message, request.Query).ConfigureAwait(false);
                ExchangeMessages.Require(exchange, "DualWrite reading from the target").RespondMessage(read);
                return;
            case QueryRequest or ExecuteRequest or BatchRequest when request.Kind == StatementKind.Write || IsUse(request):
                var targetTask = SendTargetAsync(exchange, message, request.Query);
                await next(exchange).ConfigureAwait(false);
                var target = await targetTask.ConfigureAwait(false);
                if (target is ErrorResponse error && exchange.Response is { IsError: false })
                {
                    _log.LogWarning("DualWrite: the target {Target} failed a write the origin accepted: {Code} {Message}", _target.Endpoint, error.Code, error.Message);
                    exchange.Respond(error.Code is ErrorCode.Unprepared or ErrorCode.Unavailable or ErrorCode.WriteTimeout or ErrorCode.ReadTimeout
                        or ErrorCode.AlreadyExists or ErrorCode.ReadFailure or ErrorCode.WriteFailure or ErrorCode.FunctionFailure or ErrorCode.CasWriteUnknown or ErrorCode.CdcWriteFailure
                        ? ErrorCode.ServerError : error.Code, $"DualWrite: the target cluster {_target.Endpoint} failed: {error.Message}");
                }
                return;
            default:
                await next(exchange).ConfigureAwait(false);
                return;
        }
    }

    private static bool IsUse(ICqlRequest request) => request.Kind == StatementKind.Other && request.Query is { } q && q.TrimStart().StartsWith("use", StringComparison.OrdinalIgnoreCase);

    private async Task<IResponse> SendTargetAsync(ICqlExchange exchange, IRequest message, string? text)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(exchange.Aborted);
        cts.CancelAfter(_timeout);
        try
        {
            return await _target.SendAsync(exchange.Client, message, text, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException)
        {
            return new ErrorResponse(ErrorCode.ServerError, $"unreachable or too slow ({e.Message})");
        }
    }
}
