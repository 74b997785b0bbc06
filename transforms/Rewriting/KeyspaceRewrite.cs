using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// Renames keyspaces between what clients use and what the cluster has (e.g. "app" → "app_staging"): in QUERY and
/// PREPARE text, text BATCH children, USE, and the v5 per-query keyspace. Responses are mapped back (rows and
/// PREPARED metadata, USE and schema-change results) so the client only ever sees its own names. EXECUTE needs
/// nothing: its id already belongs to the rewritten statement.
/// </summary>
public sealed class KeyspaceRewrite : IStage
{
    private readonly KeyspaceMap _map;

    private KeyspaceRewrite(KeyspaceMap map) => _map = map;

    /// <summary>Builds the stage from <c>map</c>: <c>{"client_keyspace": "cluster_keyspace"}</c>.</summary>
    public static KeyspaceRewrite Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "map");
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (name, value, key) in r.Map("map"))
        {
            if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } to) throw r.Error(key, "expected the cluster's keyspace name", value);
            pairs.Add(new(name, to));
        }
        if (pairs.Count == 0) throw r.Problem("map", "is required: an object like {\"app\": \"app_staging\"}");
        return new KeyspaceRewrite(new KeyspaceMap(pairs));
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        RewriteRequest(exchange);
        await next(exchange).ConfigureAwait(false);
        if (exchange is ICqlMessageExchange m && m.ResponseMessage is { } response && MapBack(response) is { } mapped) m.RespondMessage(mapped);
    }

    private void RewriteRequest(ICqlExchange exchange)
    {
        var request = exchange.Request;
        switch (request.Opcode)
        {
            case Opcode.Query or Opcode.Prepare when request.Query is { } text:
                string rewritten = _map.RewriteText(text);
                if (!ReferenceEquals(rewritten, text)) request.SetQuery(rewritten);
                if (request.Opcode == Opcode.Query && exchange is ICqlMessageExchange mq && mq.RequestMessage is QueryRequest q
                    && _map.Forward(q.Parameters.Keyspace) is { } qks)
                    mq.SetRequestMessage(q with { Parameters = q.Parameters with { Keyspace = qks } });
                break;
            case Opcode.Batch when exchange is ICqlMessageExchange mb && mb.RequestMessage is BatchRequest batch:
                bool changed = false;
                var statements = new List<BatchStatement>(batch.Statements.Count);
                foreach (var s in batch.Statements)
                {
                    if (s.Query is { } childText && _map.RewriteText(childText) is var childRewritten && !ReferenceEquals(childRewritten, childText))
                    {
                        statements.Add(BatchStatement.ForQuery(childRewritten, s.Values));
                        changed = true;
                    }
                    else statements.Add(s);
                }
                string? ks = _map.Forward(batch.Keyspace);
                if (changed || ks is not null) mb.SetRequestMessage(batch with { Statements = statements, Keyspace = ks ?? batch.Keyspace });
                break;
            case Opcode.Execute when exchange is ICqlMessageExchange me && me.RequestMessage is ExecuteRequest e && _map.Forward(e.Parameters.Keyspace) is { } eks:
                me.SetRequestMessage(e with { Parameters = e.Parameters with { Keyspace = eks } });
                break;
        }
    }

    /// <summary>The response with cluster keyspace names replaced by the client's; null when none appear.</summary>
    private IResponse? MapBack(IResponse response) => response switch
    {
        SetKeyspaceResult s when _map.Backward(s.Keyspace) is { } ks => new SetKeyspaceResult(ks),
        SchemaChangeResult c when _map.Backward(c.Change.Keyspace) is { } ks => new SchemaChangeResult(c.Change with { Keyspace = ks }),
        RowsResult rows when MapColumns(rows.Metadata.Columns) is { } columns =>
            new RowsResult(new RowsMetadata(columns, rows.Metadata.PagingState) { NewMetadataId = rows.Metadata.NewMetadataId }, rows.RowCount, rows.Content),
        PreparedResult p when MapColumns(p.Variables.Columns) is var vars && MapColumns(p.ResultMetadata.Columns) is var results && (vars is not null || results is not null) =>
            p with
            {
                Variables = vars is null ? p.Variables : new PreparedMetadata(vars, p.Variables.PartitionKeyIndexes),
                ResultMetadata = results is null ? p.ResultMetadata : new RowsMetadata(results, p.ResultMetadata.PagingState) { NewMetadataId = p.ResultMetadata.NewMetadataId },
            },
        _ => null,
    };

    private List<ColumnSpec>? MapColumns(IReadOnlyList<ColumnSpec>? columns)
    {
        if (columns is null || !columns.Any(c => _map.Backward(c.Keyspace) is not null)) return null;
        return [.. columns.Select(c => _map.Backward(c.Keyspace) is { } ks ? c with { Keyspace = ks } : c)];
    }
}
