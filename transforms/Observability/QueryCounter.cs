using System.Collections.Concurrent;
using System.Text.Json;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Operations;

namespace ScriptProxy.Transforms.Observability;

/// <summary>
/// Counts requests by statement kind, keyspace and table, and how many of them were answered with an error.
/// <see cref="Snapshot"/> is the API the admin endpoint and /metrics read; counting is lock-free.
/// Handshake and other non-statement requests are counted as kind Other only when <c>countOther</c> is set.
/// The host exports the counters on /metrics by reading them at scrape time (<see cref="IStageCounters"/>).
/// </summary>
public sealed class QueryCounter : IStage, IStageCounters
{
    private static readonly string[] LabelNames = ["counter", "kind", "keyspace", "table"];
    private static readonly StageCounterFamily RequestsFamily = new("query_count", "Requests seen by a QueryCounter stage, by its counterName, statement kind, keyspace and table", true, LabelNames);
    private static readonly StageCounterFamily ErrorsFamily = new("query_errors", "Of those, requests answered with an ERROR", true, LabelNames);
    private readonly ConcurrentDictionary<(StatementKind, string, string), Counter> _counts = new();
    private readonly bool _countOther;

    private QueryCounter(string name, bool countOther)
    {
        Name = name;
        _countOther = countOther;
    }

    /// <summary>The configured name (a metrics label); "default" when none was given.</summary>
    public string Name { get; }

    /// <summary>Builds the stage from <c>counterName</c> and <c>countOther</c>.</summary>
    public static QueryCounter Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "counterName", "countOther");
        return new QueryCounter(r.String("counterName", "default")!, r.Bool("countOther", false));
    }

    /// <summary>A consistent-enough copy of the counters (each row is read atomically), ordered by kind, keyspace, table.</summary>
    public IReadOnlyList<QueryCount> Snapshot() =>
        [.. _counts.Select(e => new QueryCount(e.Key.Item1, e.Key.Item2, e.Key.Item3, Interlocked.Read(ref e.Value.Requests), Interlocked.Read(ref e.Value.Errors)))
            .OrderBy(c => c.Kind).ThenBy(c => c.Keyspace, StringComparer.Ordinal).ThenBy(c => c.Table, StringComparer.Ordinal)];

    /// <summary>Total requests of <paramref name="kind"/>.</summary>
    public long Total(StatementKind kind) => _counts.Where(e => e.Key.Item1 == kind).Sum(e => Interlocked.Read(ref e.Value.Requests));

    /// <inheritdoc />
    public IEnumerable<StageCounterSample> ReadCounters()
    {
        foreach (var ((kind, keyspace, table), counter) in _counts)
        {
            string[] labels = [Name, kind.ToString(), keyspace, table];
            yield return new StageCounterSample(RequestsFamily, labels, Interlocked.Read(ref counter.Requests));
            yield return new StageCounterSample(ErrorsFamily, labels, Interlocked.Read(ref counter.Errors));
        }
    }

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset() => _counts.Clear();

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        var kind = request.Kind;
        if (kind == StatementKind.Other && !_countOther)
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }
        var counter = _counts.GetOrAdd((kind, request.Keyspace ?? "", request.Table ?? ""), _ => new Counter());
        Interlocked.Increment(ref counter.Requests);
        try
        {
            await next(exchange).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Increment(ref counter.Errors);
            throw;
        }
        if (exchange.Response?.IsError == true) Interlocked.Increment(ref counter.Errors);
    }

    private sealed class Counter
    {
        public long Requests;
        public long Errors;
    }
}
