using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Debugging;

/// <summary>
/// Answers every statement itself and never reaches the upstream: writes and schema changes get RESULT Void, reads
/// get an empty result. Handshake messages, PREPARE and statements on the system keyspaces still pass through (a
/// driver cannot connect, read its topology and schema, or prepare against nothing), so put NullSink last and point
/// the proxy at any node that has the schema. Useful to measure the proxy alone, or
/// to swallow a stream of writes.
/// </summary>
public sealed class NullSink : IStage
{
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
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        if (request.Opcode is not (Opcode.Query or Opcode.Execute or Opcode.Batch) || Support.SystemKeyspaces.Contains(request.Keyspace)) return next(exchange);
        Interlocked.Increment(ref _swallowed);
        if (request.Kind == StatementKind.Read) exchange.RespondRows([], []);
        else exchange.RespondVoid();
        return ValueTask.CompletedTask;
    }
}
