using System.Collections.Concurrent;
using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Debugging;

/// <summary>
/// Answers every statement itself and never reaches the upstream: writes and schema changes get RESULT Void, reads
/// get an empty result. Handshake messages, PREPARE and statements on the system keyspaces still pass through (a
/// driver cannot connect, read its topology and schema, or prepare against nothing), so put NullSink last and point
/// the proxy at any node that has the schema. Useful to measure the proxy alone, or to swallow a stream of writes.
/// An empty result still has columns (drivers cannot parse one without): a prepared read gets the columns its
/// PREPARE announced, a simple one a single placeholder column "[null_sink]".
/// </summary>
public sealed class NullSink : IStage
{
    private const int MaxPrepared = 100_000;
    private readonly ConcurrentDictionary<string, IReadOnlyList<ResultColumn>> _prepared = new(StringComparer.Ordinal);
    private long _swallowed;

    /// <summary>Statements answered so far.</summary>
    public long SwallowedCount => Interlocked.Read(ref _swallowed);

    /// <summary>Builds the stage; it takes no settings.</summary>
    public static NullSink Create(JsonElement settings, BuiltinContext context)
    {
        SettingsReader.Root(settings, context);
        return new NullSink();
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        if (request.Opcode is not (Opcode.Query or Opcode.Execute or Opcode.Batch) || SystemKeyspaces.Contains(request.Keyspace))
        {
            await next(exchange).ConfigureAwait(false);
            if (request.Opcode == Opcode.Prepare) Learn(exchange);
            return;
        }
        Interlocked.Increment(ref _swallowed);
        if (request.Kind == StatementKind.Read) exchange.RespondRows(ColumnsOf(exchange), []);
        else exchange.RespondVoid();
    }

    private void Learn(ICqlExchange exchange)
    {
        if (exchange.Response is not { IsError: false } || ExchangeMessages.Response(exchange) is not PreparedResult { ResultMetadata.Columns: { Count: > 0 } columns } prepared) return;
        if (_prepared.Count >= MaxPrepared) _prepared.Clear();
        _prepared[Convert.ToHexString(prepared.Id.Span)] = [.. columns.Select(c => new ResultColumn(c.Keyspace, c.Table, c.Name, c.Type))];
    }

    private IReadOnlyList<ResultColumn> ColumnsOf(ICqlExchange exchange)
    {
        if (ExchangeMessages.Request(exchange) is ExecuteRequest e && _prepared.TryGetValue(Convert.ToHexString(e.QueryId.Span), out var known)) return known;
        var request = exchange.Request;
        return [new ResultColumn(request.Keyspace ?? "", request.Table ?? "", "[null_sink]", CqlType.Text)];
    }
}
