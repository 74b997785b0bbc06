using System.Text.Json;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// Replaces the consistency level of QUERY, EXECUTE and BATCH requests: one level for everything, or separate
/// levels for reads and writes (e.g. force LOCAL_QUORUM writes while leaving reads alone).
/// </summary>
public sealed class ConsistencyOverride : IStage
{
    private readonly Consistency? _read;
    private readonly Consistency? _write;
    private readonly Consistency? _other;
    private readonly StatementScope _scope;

    private ConsistencyOverride(Consistency? read, Consistency? write, Consistency? other, StatementScope scope)
    {
        _read = read;
        _write = write;
        _other = other;
        _scope = scope;
    }

    /// <summary>Builds the stage from <c>consistency</c>, <c>read</c>, <c>write</c>, <c>keyspaces</c>, <c>tables</c>.</summary>
    public static ConsistencyOverride Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "consistency", "read", "write", "keyspaces", "tables");
        Consistency? all = r.Get("consistency") is { } a ? r.EnumValue<Consistency>(a, "consistency") : null;
        Consistency? read = r.Get("read") is { } rd ? r.EnumValue<Consistency>(rd, "read") : all;
        Consistency? write = r.Get("write") is { } w ? r.EnumValue<Consistency>(w, "write") : all;
        if (read is null && write is null) throw r.Problem("", "expected at least one of \"consistency\", \"read\" or \"write\" (e.g. \"LocalQuorum\")");
        if (read is Consistency.Any) throw r.Problem("read", "ANY is only valid for writes");
        return new ConsistencyOverride(read, write, all, StatementScope.Read(r));
    }

    /// <inheritdoc />
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        if (request.Consistency is { } current && _scope.Matches(request.Keyspace, request.Table))
        {
            var wanted = request.Kind switch
            {
                StatementKind.Read => _read,
                StatementKind.Write => _write,
                _ => _other,
            };
            if (wanted is { } level && level != current) request.SetConsistency(level);
        }
        return next(exchange);
    }
}
