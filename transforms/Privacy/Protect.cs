using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Cql;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Privacy;

/// <summary>
/// Client-transparent encryption of configured columns with AES-256-GCM. Protected columns are declared as
/// <c>blob</c> in Cassandra; clients read and write them as the configured plain type. INSERT/UPDATE literals and
/// bound values are encrypted on the way in; PREPARED metadata is rewritten so drivers bind the plain type; rows are
/// decrypted on the way out and their metadata shows the plain type. A value that does not decrypt with this key is
/// an error naming the column and the key ids, never garbage. Needs the host's message-level access.
/// </summary>
public sealed class Protect : IStage
{
    private const int MaxPrepared = 100_000;
    private readonly ProtectedColumn[] _columns;
    private readonly ProtectCipher _cipher;
    private readonly ProtectRewriter _rewriter;
    private readonly ConcurrentDictionary<string, ProtectedStatement> _prepared = new(StringComparer.Ordinal);
    private readonly ILogger _log;

    internal Protect(ProtectedColumn[] columns, ProtectCipher cipher, ILogger log)
    {
        _columns = columns;
        _cipher = cipher;
        _log = log;
        _rewriter = new ProtectRewriter(ColumnsOf, cipher);
    }

    /// <summary>Identifies the key in use (first 4 bytes of its SHA-256), for logs and error messages.</summary>
    public uint KeyId => _cipher.KeyId;

    /// <summary>Builds the stage from <c>columns</c> and <c>keyFile</c> or <c>keyEnv</c>.</summary>
    public static Protect Create(JsonElement settings, BuiltinContext context) => ProtectSettings.Create(settings, context);

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var m = ExchangeMessages.Require(exchange, "Protect");
        var request = m.RequestMessage;
        ProtectedStatement? prepared = null;
        try
        {
            switch (request)
            {
                case QueryRequest q:
                    if (_rewriter.Rewrite(CqlParser.Parse(q.Query), q.Parameters.Keyspace ?? exchange.Request.Keyspace, q.Parameters.Values, q.Parameters.ValueNames, exchange.Request.Version) is { } qr)
                        m.SetRequestMessage(q with { Query = qr.Text, Parameters = q.Parameters with { Values = qr.Values } });
                    break;
                case PrepareRequest p:
                    // Refuse what can never work before the cluster prepares it (e.g. WHERE ssn = ?).
                    _rewriter.Markers(CqlParser.Parse(p.Query), p.Keyspace ?? exchange.Request.Keyspace);
                    break;
                case ExecuteRequest e:
                    prepared = Lookup(exchange, e.QueryId);
                    if (prepared is null)
                    {
                        m.RespondMessage(ErrorResponse.Unprepared(e.QueryId, "Protect has not seen this statement prepared; prepare it again"));
                        return;
                    }
                    if (prepared.Markers.Count > 0 && e.Parameters.Values is { } values)
                        m.SetRequestMessage(e with { Parameters = e.Parameters with { Values = EncryptMarkers(prepared, values) } });
                    break;
                case BatchRequest b:
                    if (RewriteBatch(m, b) is not { } batch) return;
                    if (!ReferenceEquals(batch, b)) m.SetRequestMessage(batch);
                    break;
            }
        }
        catch (ProtectException ex)
        {
            exchange.Respond(ErrorCode.Invalid, ex.Message);
            return;
        }

        await next(exchange).ConfigureAwait(false);

        try
        {
            switch (m.ResponseMessage)
            {
                case PreparedResult pr when request is PrepareRequest p:
                    m.RespondMessage(Learn(p, pr, exchange.Request.Keyspace));
                    break;
                case RowsResult rows when DecryptRows(rows, prepared) is { } decrypted:
                    m.RespondMessage(decrypted);
                    break;
            }
        }
        catch (ProtectException ex)
        {
            _log.LogError("{Message}", ex.Message);
            exchange.Respond(ErrorCode.ServerError, ex.Message);
        }
    }

    private IReadOnlyList<ProtectedColumn> ColumnsOf(string? keyspace, string? table) =>
        keyspace is null || table is null ? []
        : [.. _columns.Where(c => string.Equals(c.Keyspace, keyspace, StringComparison.OrdinalIgnoreCase) && string.Equals(c.Table, table, StringComparison.OrdinalIgnoreCase))];

    private ProtectedColumn? ColumnOf(ColumnSpec spec) =>
        _columns.FirstOrDefault(c => string.Equals(c.Keyspace, spec.Keyspace, StringComparison.OrdinalIgnoreCase)
            && string.Equals(c.Table, spec.Table, StringComparison.OrdinalIgnoreCase) && string.Equals(c.Column, spec.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Records the statement and rewrites the PREPARED metadata so the driver binds and reads the plain types.</summary>
    private PreparedResult Learn(PrepareRequest p, PreparedResult result, string? keyspace)
    {
        var markers = _rewriter.Markers(CqlParser.Parse(p.Query), p.Keyspace ?? keyspace);
        // The cluster's own metadata is authoritative for which markers bind protected columns.
        foreach (var (spec, i) in result.Variables.Columns.Select((s, i) => (s, i)))
        {
            if (ColumnOf(spec) is { } c) markers[i] = c;
        }
        var resultColumns = new Dictionary<int, ProtectedColumn>();
        if (result.ResultMetadata.Columns is { } cols)
        {
            for (int i = 0; i < cols.Count; i++) if (ColumnOf(cols[i]) is { } c) resultColumns[i] = c;
        }
        var statement = markers.Count == 0 && resultColumns.Count == 0 ? ProtectedStatement.None : new ProtectedStatement(markers, resultColumns);
        if (_prepared.Count >= MaxPrepared) _prepared.Clear(); // drivers re-prepare on Unprepared
        _prepared[Convert.ToHexString(result.Id.Span)] = statement;
        if (statement.IsNone) return result;
        var variables = result.Variables.Columns.Select((s, i) => markers.TryGetValue(i, out var c) ? s with { Type = c.PlainType } : s).ToList();
        return result with
        {
            Variables = new PreparedMetadata(variables, result.Variables.PartitionKeyIndexes) { GlobalTableSpec = result.Variables.GlobalTableSpec },
            ResultMetadata = PlainMetadata(result.ResultMetadata, resultColumns),
        };
    }

    private ProtectedStatement? Lookup(ICqlExchange exchange, ReadOnlyMemory<byte> id)
    {
        if (_prepared.TryGetValue(Convert.ToHexString(id.Span), out var known)) return known;
        // Prepared before this stage existed (e.g. before a reload): safe to pass only if it cannot touch a protected column.
        if (exchange.Request.Query is { } text && CqlParser.Parse(text) is { Table: not null } s
            && ColumnsOf(s.Keyspace ?? exchange.Request.Keyspace, s.Table).Count == 0 && s.Verb != "select")
            return ProtectedStatement.None;
        return null;
    }

    private IReadOnlyList<CqlValueSlice> EncryptMarkers(ProtectedStatement statement, IReadOnlyList<CqlValueSlice> values)
    {
        var result = values.ToArray();
        foreach (var (index, column) in statement.Markers)
        {
            if (index < result.Length && result[index].HasBytes) result[index] = new CqlValueSlice(_cipher.Encrypt(result[index].Bytes.Span, column.FullName));
        }
        return result;
    }

    /// <summary>The batch with protected values encrypted; null when the exchange was answered (unknown prepared child).</summary>
    private BatchRequest? RewriteBatch(ICqlMessageExchange exchange, BatchRequest batch)
    {
        var statements = new List<BatchStatement>(batch.Statements.Count);
        bool changed = false;
        foreach (var s in batch.Statements)
        {
            if (s.PreparedId is { } id)
            {
                if (!_prepared.TryGetValue(Convert.ToHexString(id.Span), out var known))
                {
                    exchange.RespondMessage(ErrorResponse.Unprepared(id, "Protect has not seen this batch statement prepared; prepare it again"));
                    return null;
                }
                if (known.Markers.Count > 0)
                {
                    statements.Add(BatchStatement.ForPrepared(id, EncryptMarkers(known, s.Values)));
                    changed = true;
                    continue;
                }
            }
            else if (_rewriter.Rewrite(CqlParser.Parse(s.Query!), batch.Keyspace ?? exchange.Request.Keyspace, s.Values, null, exchange.Request.Version) is { } r)
            {
                statements.Add(BatchStatement.ForQuery(r.Text, r.Values));
                changed = true;
                continue;
            }
            statements.Add(s);
        }
        return changed ? batch with { Statements = statements } : batch;
    }

    /// <summary>Rows with protected cells decrypted and their metadata showing the plain types; null when none are protected.</summary>
    private RowsResult? DecryptRows(RowsResult rows, ProtectedStatement? prepared)
    {
        var protectedColumns = new Dictionary<int, ProtectedColumn>();
        if (rows.Columns is { } cols)
        {
            for (int i = 0; i < cols.Count; i++)
            {
                if (ColumnOf(cols[i]) is { } c && cols[i].Type.Code == CqlTypeCode.Blob) protectedColumns[i] = c;
            }
        }
        else if (prepared is not null)
        {
            // NO_METADATA (the driver asked to skip it): the PREPARE told us which columns these are.
            foreach (var (i, c) in prepared.ResultColumns) protectedColumns[i] = c;
        }
        if (protectedColumns.Count == 0) return null;
        var builder = new RowsResultBuilder(PlainMetadata(rows.Metadata, protectedColumns));
        var cells = new CqlValueSlice[rows.ColumnCount];
        for (int r = 0; r < rows.RowCount; r++)
        {
            for (int c = 0; c < cells.Length; c++)
            {
                var cell = rows.GetCell(r, c);
                cells[c] = cell.HasBytes && protectedColumns.TryGetValue(c, out var column) ? new CqlValueSlice(_cipher.Decrypt(cell.Bytes.Span, column.FullName)) : cell;
            }
            builder.AddRow(cells);
        }
        return builder.Build();
    }

    private static RowsMetadata PlainMetadata(RowsMetadata metadata, IReadOnlyDictionary<int, ProtectedColumn> protectedColumns)
    {
        if (metadata.Columns is not { } columns || protectedColumns.Count == 0) return metadata;
        var plain = columns.Select((s, i) => protectedColumns.TryGetValue(i, out var c) ? s with { Type = c.PlainType } : s).ToList();
        return new RowsMetadata(plain, metadata.PagingState) { NewMetadataId = metadata.NewMetadataId, GlobalTableSpec = metadata.GlobalTableSpec };
    }
}
