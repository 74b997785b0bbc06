using System.Diagnostics;
using ScriptProxy.Abstractions.Stages;

namespace AuditPlugin;

/// <summary>
/// Logs one audit line per statement of the configured kinds (default: Write and Schema): who, what, where,
/// how long and how it ended. Settings: <c>{ "kinds": ["Write", "Schema"] }</c>.
/// </summary>
public sealed class AuditStage : IStage
{
    private readonly StageContext _context;
    private readonly HashSet<StatementKind> _kinds;

    /// <summary>Created by the proxy with the stage's context (name, settings, log).</summary>
    public AuditStage(StageContext context)
    {
        _context = context;
        _kinds = [];
        if (context.Settings.TryGetProperty("kinds", out var kinds) && kinds.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var kind in kinds.EnumerateArray())
            {
                if (Enum.TryParse<StatementKind>(kind.GetString(), ignoreCase: true, out var parsed)) _kinds.Add(parsed);
            }
        }
        if (_kinds.Count == 0) _kinds = [StatementKind.Write, StatementKind.Schema];
    }

    /// <inheritdoc />
    /// <remarks>
    /// A request of a kind not audited is handed on with <c>return next(exchange)</c>: the stage then adds no state
    /// machine and no continuation to it (the pattern to follow in a stage that only sometimes needs the response).
    /// </remarks>
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) =>
        _kinds.Contains(exchange.Request.Kind) ? AuditAsync(exchange, next) : next(exchange);

    private async ValueTask AuditAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        long start = Stopwatch.GetTimestamp();
        await next(exchange);
        var response = exchange.Response;
        string outcome = response is null ? "no response" : response.IsError ? $"error {response.ErrorCode}: {response.ErrorMessage}" : "ok";
        _context.Log($"audit client={exchange.Client} kind={request.Kind} keyspace={request.Keyspace ?? "-"} table={request.Table ?? "-"} " +
            $"ms={Stopwatch.GetElapsedTime(start).TotalMilliseconds:0.0} outcome={outcome} cql={request.Query}");
    }
}
