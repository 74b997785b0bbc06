using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Debugging;

/// <summary>
/// Logs every request and its response: opcode, kind, keyspace.table, consistency, query text (shortened to
/// <c>maxQueryLength</c>), then the response's opcode, error or row count, and the time the rest of the chain took.
/// Changes nothing.
/// </summary>
public sealed class DebugPrinter : IStage
{
    private readonly ILogger _log;
    private readonly LogLevel _level;
    private readonly int _maxQueryLength;
    private readonly TimeProvider _time;

    private DebugPrinter(ILogger log, LogLevel level, int maxQueryLength, TimeProvider time)
    {
        _log = log;
        _level = level;
        _maxQueryLength = maxQueryLength;
        _time = time;
    }

    /// <summary>Builds the stage from <c>level</c> and <c>maxQueryLength</c>.</summary>
    public static DebugPrinter Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "level", "maxQueryLength");
        return new DebugPrinter(context.LoggerFactory.CreateLogger("ScriptProxy.Transforms.DebugPrinter"),
            r.Enum("level", LogLevel.Information), r.Int("maxQueryLength", 0, 1_000_000, 200), context.Time);
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        if (!_log.IsEnabled(_level))
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }
        var request = exchange.Request;
        string target = request.Table is null ? request.Keyspace ?? "-" : $"{request.Keyspace ?? "?"}.{request.Table}";
        _log.Log(_level, "{Client} stream {Stream} -> {Opcode} {Kind} {Target} {Consistency} {Query}",
            exchange.Client, request.Stream, request.Opcode, request.Kind, target, request.Consistency?.ToString() ?? "-", Shorten(request.Query));
        long start = _time.GetTimestamp();
        await next(exchange).ConfigureAwait(false);
        double ms = _time.GetElapsedTime(start).TotalMilliseconds;
        var response = exchange.Response;
        string outcome = response is null ? "no response"
            : response.IsError ? $"ERROR {response.ErrorCode} {response.ErrorMessage}"
            : response.Columns.Count > 0 ? $"{response.RowCount} rows" : response.Opcode.ToString();
        _log.Log(_level, "{Client} stream {Stream} <- {Outcome} in {Elapsed:0.###} ms", exchange.Client, request.Stream, outcome, ms);
    }

    private string Shorten(string? query)
    {
        if (query is null) return "";
        string oneLine = query.ReplaceLineEndings(" ");
        return oneLine.Length <= _maxQueryLength ? oneLine : string.Concat(oneLine.AsSpan(0, _maxQueryLength), "…");
    }
}
