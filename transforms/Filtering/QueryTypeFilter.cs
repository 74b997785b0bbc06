using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Cql;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Filtering;

/// <summary>
/// Allows or denies requests by what they do (Read, Write, SchemaChange), optionally only for some keyspaces or
/// tables. The class comes from <see cref="ICqlRequest.Kind"/>, where EXECUTE is classified by its prepared statement
/// and BATCH by its children, so a prepared INSERT is a Write (unlike proxies that call every EXECUTE a read, which
/// lets a "deny writes" rule be bypassed by preparing the write).
/// <para>Denied requests get ERROR Unauthorized (0x2100) by default: the statement is valid, the caller is just not
/// allowed to run it here, which is what Cassandra itself answers for a missing permission; drivers raise it as
/// "Unauthorized" and never retry it. "Invalid" (0x2200) can be configured for clients that only expect it.</para>
/// </summary>
public sealed class QueryTypeFilter : IStage
{
    private readonly HashSet<StatementKind> _listed;
    private readonly bool _isAllowList;
    private readonly StatementScope _scope;
    private readonly ErrorCode _errorCode;
    private readonly bool _checkPrepare;
    private readonly string _describe;
    private readonly ILogger _log;

    private QueryTypeFilter(HashSet<StatementKind> listed, bool isAllowList, StatementScope scope, ErrorCode errorCode, bool checkPrepare, string describe, ILogger log)
    {
        _listed = listed;
        _isAllowList = isAllowList;
        _scope = scope;
        _errorCode = errorCode;
        _checkPrepare = checkPrepare;
        _describe = describe;
        _log = log;
    }

    /// <summary>Requests denied so far.</summary>
    public long DeniedCount => Interlocked.Read(ref _denied);

    private long _denied;

    /// <summary>Builds the stage from <c>allow</c> or <c>deny</c>, <c>keyspaces</c>, <c>tables</c>, <c>errorCode</c>, <c>checkPrepare</c>.</summary>
    public static QueryTypeFilter Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "allow", "deny", "keyspaces", "tables", "errorCode", "checkPrepare");
        bool hasAllow = r.Has("allow"), hasDeny = r.Has("deny");
        if (hasAllow == hasDeny) throw r.Problem("", "expected exactly one of \"allow\" or \"deny\" (a list of Read, Write, ReadWrite, SchemaChange)");
        string key = hasAllow ? "allow" : "deny";
        var types = r.EnumList<QueryType>(key);
        if (types.Count == 0) throw r.Problem(key, "expected a non-empty list of Read, Write, ReadWrite, SchemaChange");
        var listed = new HashSet<StatementKind>();
        foreach (var type in types)
        {
            switch (type)
            {
                case QueryType.Read: listed.Add(StatementKind.Read); break;
                case QueryType.Write: listed.Add(StatementKind.Write); break;
                case QueryType.ReadWrite: listed.Add(StatementKind.Read); listed.Add(StatementKind.Write); break;
                case QueryType.SchemaChange: listed.Add(StatementKind.Schema); break;
            }
        }
        var code = ErrorCode.Unauthorized;
        if (r.Get("errorCode") is { } e)
        {
            code = r.EnumValue<ErrorCode>(e, "errorCode");
            if (code is not (ErrorCode.Unauthorized or ErrorCode.Invalid)) throw r.Error("errorCode", "expected \"Unauthorized\" or \"Invalid\"", e);
        }
        return new QueryTypeFilter(listed, hasAllow, StatementScope.Read(r), code, r.Bool("checkPrepare", true), $"{key} {string.Join(", ", types)}",
            context.LoggerFactory.CreateLogger("ScriptProxy.Transforms.QueryTypeFilter"));
    }

    /// <inheritdoc />
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        var kind = request.Kind;
        string? keyspace = request.Keyspace, table = request.Table;
        // PREPARE is "Other" to the pipeline; check what it prepares so a denied write fails where it is prepared.
        if (kind == StatementKind.Other && _checkPrepare && request.Opcode == Opcode.Prepare && request.Query is { } text)
        {
            var parsed = CqlParser.Parse(text);
            kind = parsed.Kind;
            keyspace = parsed.Keyspace ?? keyspace;
            table = parsed.Table ?? table;
        }
        if (kind == StatementKind.Other || !_scope.Matches(keyspace, table)) return next(exchange);
        bool denied = _isAllowList ? !_listed.Contains(kind) : _listed.Contains(kind);
        if (!denied) return next(exchange);

        Interlocked.Increment(ref _denied);
        string target = table is null ? keyspace ?? "(no table)" : keyspace is null ? table : $"{keyspace}.{table}";
        string what = kind == StatementKind.Schema ? "SchemaChange" : kind.ToString();
        string verb = request.Opcode == Opcode.Prepare ? "preparing a " : "";
        string message = $"{verb}{what} on {target} is denied by the proxy's QueryTypeFilter ({_describe})";
        _log.LogInformation("Denied {Opcode} from {Client}: {Message}", request.Opcode, exchange.Client, message);
        exchange.Respond(_errorCode, message);
        return ValueTask.CompletedTask;
    }
}
