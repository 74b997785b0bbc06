using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Runtime.Interop;
using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Scripting.JavaScript;

/// <summary>
/// A JS file run by Jint as a stage. The script defines synchronous hooks: <c>onRequest(exchange)</c>
/// (before the upstream; calling <c>exchange.respond(...)</c> answers and skips the upstream) and/or
/// <c>onResponse(exchange)</c> (after the upstream answered; may read or change rows). Globals:
/// <c>settings</c> (the stage's settings object) and <c>log(message)</c>.
/// A Jint engine is single-threaded, so each concurrent call rents one from a small pool; every engine ran
/// the script's top level once. Limits (time, statements, memory) apply to each hook call.
/// </summary>
internal sealed class JsStage : IStage, IDisposable
{
    /// <summary>One resolver for every engine: it caches reflection over the facade types.</summary>
    private static readonly TypeResolver Resolver = new() { MemberNameComparer = StringComparer.OrdinalIgnoreCase };

    private readonly Prepared<Script> _script;
    private readonly JsLimits _limits;
    private readonly StageContext _context;
    private readonly ConcurrentBag<Engine> _pool = [];
    private readonly bool _hasOnRequest;
    private readonly bool _hasOnResponse;
    private volatile bool _disposed;

    /// <summary>Creates the stage and its first engine (runs the script's top level; throws on script errors).</summary>
    public JsStage(Prepared<Script> script, JsLimits limits, StageContext context)
    {
        _script = script;
        _limits = limits;
        _context = context;
        var first = CreateEngine();
        _hasOnRequest = first.GetValue("onRequest") is Function;
        _hasOnResponse = first.GetValue("onResponse") is Function;
        _pool.Add(first);
    }

    /// <summary>
    /// Resolves the facade members once per process on a throw-away engine: the first interop call costs
    /// reflection and JIT (tens of ms), which must not be charged to a user's first request and its time limit.
    /// </summary>
    public static void WarmInterop(ICqlExchange sample)
    {
        if (Interlocked.Exchange(ref _warmed, 1) == 1) return;
        using var engine = new Engine(options => options.Interop.TypeResolver = Resolver);
        engine.Execute("""
            function warm(e) {
              const r = e.request, s = e.response;
              r.setQuery(r.query); r.setConsistency('ONE');
              return [r.kind, r.opcode, r.keyspace, r.table, r.consistency, r.valueNames, r.isModified, r.getValue('x'), e.client,
                      s.isError, s.rowCount, s.columns.filter(c => c !== null), s.getCell(0, 'c'), s.setCell(0, 'c', 'v'), e.items];
            }
            """);
        engine.Invoke("warm", new JsExchange(sample));
    }

    private static int _warmed;

    /// <summary>True when the script defines at least one hook.</summary>
    public bool HasHooks => _hasOnRequest || _hasOnResponse;

    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var facade = new JsExchange(exchange);
        if (_hasOnRequest)
        {
            Call("onRequest", facade);
            if (facade.Answered) return;
        }
        await next(exchange).ConfigureAwait(false);
        if (_hasOnResponse && exchange.Response is not null) Call("onResponse", facade);
    }

    private void Call(string hook, JsExchange facade)
    {
        if (!_pool.TryTake(out var engine)) engine = CreateEngine();
        bool healthy = false;
        try
        {
            engine.Constraints.Reset();
            engine.Invoke(hook, facade);
            healthy = true;
        }
        finally
        {
            // An engine stopped mid-call by a limit may hold half-updated script state: drop it.
            if (healthy && !_disposed) _pool.Add(engine);
            else engine.Dispose();
        }
    }

    private Engine CreateEngine()
    {
        var engine = new Engine(options =>
        {
            options.Interop.TypeResolver = Resolver;
            options.Strict = false;
            if (_limits.Timeout > TimeSpan.Zero) options.TimeoutInterval(_limits.Timeout);
            if (_limits.MaxStatements > 0) options.MaxStatements(_limits.MaxStatements);
            if (_limits.MemoryBytes > 0) options.LimitMemory(_limits.MemoryBytes);
        });
        engine.SetValue("settings", new Jint.Native.Json.JsonParser(engine).Parse(_context.Settings.GetRawText()));
        engine.SetValue("log", new Action<object?>(message => _context.Log(message?.ToString() ?? "null")));
        engine.Execute(_script);
        return engine;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_pool.TryTake(out var engine)) engine.Dispose();
    }
}
