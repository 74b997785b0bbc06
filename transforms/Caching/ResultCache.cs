using System.Text;
using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Cql;
using ScriptProxy.Transforms.Operations;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Caching;

/// <summary>
/// An in-process cache of single-partition SELECT results (configured as "Cache"). A read is cacheable when its
/// table is configured and its WHERE clause pins every partition key column with "=". The key is the keyspace,
/// statement text, bound values and result-metadata flag; the entry is tagged with its partition. Any write
/// (INSERT, UPDATE, DELETE, BATCH child) to that partition, or a TRUNCATE or schema change of the table, drops it;
/// a write the cache cannot attribute drops more (the table, or everything), never less. Entries also expire after
/// <c>ttlSeconds</c>, and the least recently used go first beyond <c>maxEntries</c>. Paged results are not cached.
/// The host exports <see cref="Stats"/> on /metrics by reading them at scrape time (<see cref="IStageCounters"/>).
/// </summary>
public sealed class ResultCache : IStage, IStageCounters
{
    private static readonly StageCounterFamily HitsFamily = new("cache_hits", "Reads a Cache stage answered from the cache", true, []);
    private static readonly StageCounterFamily MissesFamily = new("cache_misses", "Cacheable reads a Cache stage sent to the upstream", true, []);
    private static readonly StageCounterFamily InvalidationsFamily = new("cache_invalidations", "Cache entries dropped because a write touched their partition or table", true, []);
    private static readonly StageCounterFamily EvictionsFamily = new("cache_evictions", "Cache entries dropped for space (least recently used) or because their TTL passed", true, []);
    private static readonly StageCounterFamily EntriesFamily = new("cache_entries", "Entries a Cache stage holds now", false, []);
    private readonly Dictionary<string, IReadOnlyList<string>> _tables;
    private readonly LruStore _store;
    private readonly TimeProvider _time;
    private readonly long _ttl;
    private long _hits;
    private long _misses;

    private ResultCache(Dictionary<string, IReadOnlyList<string>> tables, int maxEntries, TimeSpan ttl, TimeProvider time)
    {
        _tables = tables;
        _store = new LruStore(maxEntries);
        _time = time;
        _ttl = (long)(ttl.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Builds the stage from <c>tables</c> (<c>{"ks.table": ["partition", "key", "columns"]}</c>), <c>ttlSeconds</c>, <c>maxEntries</c>.</summary>
    public static ResultCache Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "tables", "ttlSeconds", "maxEntries");
        var tables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value, key) in r.Map("tables"))
        {
            if (name.Split('.').Length != 2) throw r.Problem(key, "expected a \"keyspace.table\" name");
            var columns = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToList() : null;
            if (columns is null || columns.Count == 0 || columns.Any(c => string.IsNullOrEmpty(c))) throw r.Error(key, "expected the partition key columns, e.g. [\"id\"]", value);
            tables[name] = columns!;
        }
        if (tables.Count == 0) throw r.Problem("tables", "is required: {\"keyspace.table\": [\"partition key column\", ...]}");
        return new ResultCache(tables, r.Int("maxEntries", 1, 10_000_000, 10_000), TimeSpan.FromSeconds(r.Number("ttlSeconds", 0.001, 86_400 * 365, 60)), context.Time);
    }

    /// <summary>The current counters.</summary>
    public CacheStats Stats => new(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _store.Invalidations), Interlocked.Read(ref _store.Evictions), _store.Count);

    /// <inheritdoc />
    public IEnumerable<StageCounterSample> ReadCounters()
    {
        var stats = Stats;
        return
        [
            new(HitsFamily, [], stats.Hits), new(MissesFamily, [], stats.Misses), new(InvalidationsFamily, [], stats.Invalidations),
            new(EvictionsFamily, [], stats.Evictions), new(EntriesFamily, [], stats.Entries),
        ];
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        switch (request.Kind)
        {
            case StatementKind.Read when request.Opcode is Opcode.Query or Opcode.Execute:
                await ReadAsync(exchange, next).ConfigureAwait(false);
                return;
            case StatementKind.Write or StatementKind.Schema:
                // Before (so no reader hits a stale entry meanwhile) and after (so no read that raced the write re-adds one).
                Invalidate(exchange);
                await next(exchange).ConfigureAwait(false);
                Invalidate(exchange);
                return;
            default:
                await next(exchange).ConfigureAwait(false);
                return;
        }
    }

    private async ValueTask ReadAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        var message = ExchangeMessages.Request(exchange);
        var parameters = message switch { QueryRequest q => q.Parameters, ExecuteRequest e => e.Parameters, _ => default };
        if (request.Query is not { } text || parameters.PagingState is not null || CqlParser.Parse(text) is not { Table: not null } statement
            || (statement.Keyspace ?? parameters.Keyspace ?? request.Keyspace) is not { } keyspace
            || !_tables.TryGetValue($"{keyspace}.{statement.Table}", out var keyColumns)
            || PartitionKey.Of(statement, keyColumns, statement.WhereEqualities, request, parameters.Values) is not { } partition && !CoversKey(statement, keyColumns))
        {
            await next(exchange).ConfigureAwait(false);
            return;
        }
        string table = $"{keyspace}.{statement.Table}";
        string key = Key(keyspace, text, parameters);
        long now = _time.GetTimestamp();
        if (_store.Get(key, now) is { } hit && Replay(exchange, hit.Rows))
        {
            Interlocked.Increment(ref _hits);
            return;
        }
        Interlocked.Increment(ref _misses);
        long generation = _store.Generation(table);
        await next(exchange).ConfigureAwait(false);
        if (ExchangeMessages.Response(exchange) is RowsResult rows && rows.Metadata.PagingState is null)
            _store.Put(new CacheEntry(key, table, PartitionKey.Of(statement, keyColumns, statement.WhereEqualities, request, parameters.Values), Copy(rows), now + _ttl), generation);
    }

    // A key column pinned by a bound value of unknown type: cacheable, but tied to the whole table.
    private static bool CoversKey(CqlStatement statement, IReadOnlyList<string> keyColumns) =>
        keyColumns.All(k => statement.WhereEqualities.Any(w => string.Equals(w.Column, k, StringComparison.OrdinalIgnoreCase) && (w.Term.IsLiteral || w.Term.IsMarker)));

    private static string Key(string keyspace, string text, QueryParameters parameters)
    {
        var sb = new StringBuilder(keyspace).Append('\u001F').Append(text).Append('\u001F').Append(parameters.SkipMetadata ? '1' : '0');
        foreach (var v in parameters.Values ?? []) sb.Append('\u001F').Append(v.IsNull ? "N" : v.IsUnset ? "U" : Convert.ToHexString(v.Bytes.Span));
        if (parameters.ValueNames is { } names) sb.Append('\u001F').AppendJoin(',', names);
        return sb.ToString();
    }

    // The response's buffer is borrowed for this exchange only; the cache keeps its own copy.
    private static RowsResult Copy(RowsResult rows)
    {
        var metadata = rows.Metadata.Columns is { } columns
            ? new RowsMetadata(columns) { NewMetadataId = rows.Metadata.NewMetadataId is { } id ? (ReadOnlyMemory<byte>?)id.ToArray() : null }
            : RowsMetadata.NoMetadata(rows.ColumnCount);
        return new RowsResult(metadata, rows.RowCount, rows.Content.ToArray());
    }

    private static bool Replay(ICqlExchange exchange, RowsResult rows)
    {
        if (exchange is ICqlMessageExchange m)
        {
            m.RespondMessage(rows);
            return true;
        }
        if (rows.Columns is not { } columns) return false; // NO_METADATA needs the exact message
        var resultColumns = columns.Select(c => new ResultColumn(c.Keyspace, c.Table, c.Name, c.Type)).ToList();
        var values = new List<object?[]>();
        for (int r = 0; r < rows.RowCount; r++)
        {
            var row = new object?[columns.Count];
            for (int c = 0; c < row.Length; c++)
            {
                var cell = rows.GetCell(r, c);
                row[c] = cell.HasBytes ? Abstractions.Types.CqlValueCodec.Decode(columns[c].Type, cell.Bytes.Span, exchange.Request.Version) : null;
            }
            values.Add(row);
        }
        exchange.RespondRows(resultColumns, values);
        return true;
    }

    private void Invalidate(ICqlExchange exchange)
    {
        var request = exchange.Request;
        var message = ExchangeMessages.Request(exchange);
        if (message is BatchRequest batch)
        {
            foreach (var child in batch.Statements)
            {
                if (child.Query is not { } childText)
                {
                    _store.InvalidateAll(); // a prepared child: its text is the host's to know
                    return;
                }
                InvalidateStatement(CqlParser.Parse(childText), request, child.Values, batch.Keyspace);
            }
            return;
        }
        var parameters = message switch { QueryRequest q => q.Parameters, ExecuteRequest e => e.Parameters, _ => default };
        if (request.Query is not { } text)
        {
            _store.InvalidateAll();
            return;
        }
        InvalidateStatement(CqlParser.Parse(text), request, parameters.Values, parameters.Keyspace);
    }

    private void InvalidateStatement(CqlStatement statement, ICqlRequest request, IReadOnlyList<CqlValueSlice>? values, string? parameterKeyspace)
    {
        if (statement.Table is null)
        {
            // DROP KEYSPACE, or a statement the parser could not follow.
            _store.InvalidateAll();
            return;
        }
        string? keyspace = statement.Keyspace ?? parameterKeyspace ?? request.Keyspace;
        string table = $"{keyspace}.{statement.Table}";
        if (!_tables.TryGetValue(table, out var keyColumns))
        {
            if (keyspace is null) _store.InvalidateAll();
            return;
        }
        var terms = statement.Verb == "insert" ? statement.Assignments : statement.WhereEqualities;
        string? partition = statement.Verb is "insert" or "update" or "delete" ? PartitionKey.Of(statement, keyColumns, terms, request, values) : null;
        _store.Invalidate(table, partition);
    }
}
