using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Execution.Modification;
using ScriptProxy.Node.Execution.Prepare;
using ScriptProxy.Node.Execution.Results;
using Ast = ScriptProxy.Node.Cql.Ast;

namespace ScriptProxy.Node.Server;

/// <summary>
/// Answers QUERY, PREPARE, EXECUTE and BATCH. Every failure becomes an ERROR response: CqlException carries its own
/// code, anything else is a bug reported as ServerError, and the connection stays usable.
/// </summary>
internal sealed class RequestHandler(NodeCore core)
{
    public IResponse Handle(IRequest request, byte version, ConnectionState connection)
    {
        core.Statistics.CountRequest();
        try
        {
            if (core.Authenticator is not null && connection.User is null) return ErrorResponse.Unauthorized("You have not logged in");
            return request switch
            {
                QueryRequest q => Query(q, version, connection),
                PrepareRequest p => Prepare(p, version, connection),
                ExecuteRequest e => Execute(e, version, connection),
                BatchRequest b => Batch(b, version, connection),
                _ => ErrorResponse.Protocol($"Unexpected message {request.Opcode}"),
            };
        }
        catch (CqlException e)
        {
            return e.Code switch
            {
                ErrorCode.AlreadyExists => ErrorResponse.AlreadyExists(e.Keyspace ?? "", e.Table ?? "", e.Message),
                ErrorCode.Unprepared => ErrorResponse.Unprepared(e.UnpreparedId ?? [], e.Message),
                _ => new ErrorResponse(e.Code, e.Message),
            };
        }
        catch (CqlProtocolException e)
        {
            return new ErrorResponse(e.Code, e.Message);
        }
        catch (Exception e)
        {
            return ErrorResponse.Server($"java.lang.RuntimeException: {e.GetType().Name}: {e.Message}");
        }
    }

    private QueryContext Context(QueryParameters p, byte version, ConnectionState connection, BoundValues values) => new()
    {
        Keyspace = p.Keyspace ?? connection.Keyspace,
        Values = values,
        PageSize = p.PageSize ?? 0,
        PagingState = p.PagingState?.ToArray(),
        DefaultTimestamp = p.DefaultTimestamp,
        ProtocolVersion = version,
    };

    private IResponse Query(QueryRequest q, byte version, ConnectionState connection)
    {
        var parsed = core.Parse(q.Query);
        Authorize(parsed.Statement, connection);
        var values = new BoundValues(q.Parameters.Values ?? [], q.Parameters.ValueNames, version);
        if (parsed.MarkerNames.Count != values.Count && q.Parameters.ValueNames is null)
            throw CqlException.Invalid($"Invalid amount of bind variables: expected {parsed.MarkerNames.Count} but got {values.Count}");
        var result = core.Executor.Execute(parsed.Statement, Context(q.Parameters, version, connection, values));
        return Finish(result, version, connection);
    }

    /// <summary>With authentication on, a statement the connection's user may not run is answered Unauthorized.</summary>
    private static void Authorize(Ast.Statement statement, ConnectionState connection)
    {
        if (connection.User is { } user && Security.Permissions.Check(user, statement) is { } denied)
            throw new CqlException(ErrorCode.Unauthorized, denied);
    }

    private IResponse Finish(ExecutionResult result, byte version, ConnectionState connection)
    {
        if (result is KeyspaceSet ks) connection.Keyspace = ks.Keyspace;
        return ResultEncoder.Encode(result, version);
    }

    private IResponse Prepare(PrepareRequest p, byte version, ConnectionState connection)
    {
        var parsed = core.Parse(p.Query);
        string? keyspace = p.Keyspace ?? connection.Keyspace;
        var ctx = new QueryContext { Keyspace = keyspace, ProtocolVersion = version };
        var (vars, pk, result) = PreparedAnalyzer.Analyze(parsed, core.Schema.Current, ctx);
        bool conditional = parsed.Statement is Ast.InsertStatement { IfNotExists: true } or Ast.UpdateStatement { IfExists: true } or Ast.DeleteStatement { IfExists: true }
            or Ast.UpdateStatement { Conditions.Count: > 0 } or Ast.DeleteStatement { Conditions.Count: > 0 };
        if (conditional) result = [];
        var id = PreparedCache.IdFor(keyspace, p.Query);
        var info = new PreparedInfo(id, parsed, keyspace, vars, pk, result, ResultEncoder.MetadataId(result));
        core.Prepared.Add(info);
        var resultMetadata = parsed.Statement is Ast.SelectStatement ? new RowsMetadata(result) : RowsMetadata.Empty;
        return new PreparedResult(id, version >= ProtocolVersion.V5 ? new ReadOnlyMemory<byte>(info.ResultMetadataId) : default(ReadOnlyMemory<byte>?), new PreparedMetadata(vars, pk), resultMetadata);
    }

    private PreparedInfo Lookup(ReadOnlyMemory<byte> id) =>
        core.Prepared.Find(id.Span) ?? throw new CqlException(ErrorCode.Unprepared, $"Prepared query with ID {Convert.ToHexStringLower(id.Span)} not found (either the query was not prepared on this host (maybe the host has been restarted?) or you have prepared too many queries and it has been evicted from the internal cache)") { UnpreparedId = id.ToArray() };

    private IResponse Execute(ExecuteRequest e, byte version, ConnectionState connection)
    {
        var info = Lookup(e.QueryId);
        Authorize(info.Parsed.Statement, connection);
        var p = e.Parameters;
        var values = new BoundValues(p.Values ?? [], p.ValueNames, version);
        if (p.ValueNames is null && values.Count != info.Variables.Count)
            throw CqlException.Invalid($"There were {info.Variables.Count} markers(?) in CQL but {values.Count} bound variables");
        var ctx = Context(p, version, connection, values);
        ctx = new QueryContext
        {
            Keyspace = info.Keyspace ?? ctx.Keyspace, Values = values, PageSize = ctx.PageSize, PagingState = ctx.PagingState,
            DefaultTimestamp = ctx.DefaultTimestamp, ProtocolVersion = version,
        };
        return Finish(core.Executor.Execute(info.Parsed.Statement, ctx), version, connection);
    }

    private IResponse Batch(BatchRequest b, byte version, ConnectionState connection)
    {
        var kind = (Ast.BatchKind)(int)b.Type;
        var baseCtx = new QueryContext { Keyspace = b.Keyspace ?? connection.Keyspace, DefaultTimestamp = b.DefaultTimestamp, ProtocolVersion = version };
        var batchCtx = StatementExecutor.WithBatchTimestamp(baseCtx, null);
        var schema = core.Schema.Current;
        var plans = new List<MutationPlan>();
        foreach (var child in b.Statements)
        {
            Ast.Statement statement;
            string? keyspace = batchCtx.Keyspace;
            if (child.IsPrepared)
            {
                var info = Lookup(child.PreparedId!.Value);
                statement = info.Parsed.Statement;
                keyspace = info.Keyspace ?? keyspace;
            }
            else statement = core.Parse(child.Query!).Statement;
            var ctx = new QueryContext
            {
                Keyspace = keyspace, Values = new BoundValues(child.Values, null, version), DefaultTimestamp = batchCtx.DefaultTimestamp,
                BatchTimestamp = batchCtx.BatchTimestamp, ProtocolVersion = version,
            };
            StatementExecutor.CheckBatchChild(kind, statement, schema, ctx);
            plans.AddRange(ModificationExecutor.Plan(statement, schema, ctx));
        }
        return Finish(ModificationExecutor.Run(plans, core.Storage, isBatch: true), version, connection);
    }
}
