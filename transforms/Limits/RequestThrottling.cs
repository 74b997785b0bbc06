using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Limits;

/// <summary>
/// Rate-limits QUERY, EXECUTE, BATCH and PREPARE with GCRA: <c>maxRequestsPerSecond</c> sustained, <c>burst</c> at once.
/// One bucket per stage instance (a pipeline, i.e. per listener), or one per client IP with <c>perClient</c>.
/// Excess requests get ERROR Overloaded (0x1001), which drivers treat as "try another node or back off" rather than as
/// a failure of the statement. Handshake messages (STARTUP, OPTIONS, REGISTER, AUTH) are never throttled, so a
/// throttled client can still connect and see the error.
/// </summary>
public sealed class RequestThrottling : IStage
{
    private const int MaxClients = 10_000;
    private readonly TimeProvider _time;
    private readonly long _interval;
    private readonly int _burst;
    private readonly bool _perClient;
    private readonly double _rate;
    private readonly GcraLimiter _shared;
    private readonly ConcurrentDictionary<string, GcraLimiter> _clients = new(StringComparer.Ordinal);
    private readonly ILogger _log;
    private long _rejected;

    private RequestThrottling(TimeProvider time, double rate, int burst, bool perClient, ILogger log)
    {
        _time = time;
        _rate = rate;
        _interval = (long)Math.Round(time.TimestampFrequency / rate);
        _burst = burst;
        _perClient = perClient;
        _shared = new GcraLimiter(_interval, burst);
        _log = log;
    }

    /// <summary>Requests answered with Overloaded so far.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>Builds the stage from <c>maxRequestsPerSecond</c>, <c>burst</c>, <c>perClient</c>.</summary>
    public static RequestThrottling Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "maxRequestsPerSecond", "burst", "perClient");
        if (!r.Has("maxRequestsPerSecond")) throw r.Problem("maxRequestsPerSecond", "is required: a number of requests per second, e.g. 1000");
        double rate = r.Number("maxRequestsPerSecond", 0.001, 10_000_000, 0);
        if (rate <= 0) throw r.Problem("maxRequestsPerSecond", "expected a positive number");
        int burst = r.Int("burst", 1, 10_000_000, Math.Max(1, (int)Math.Ceiling(rate / 10)));
        return new RequestThrottling(context.Time, rate, burst, r.Bool("perClient", false),
            context.LoggerFactory.CreateLogger("ScriptProxy.Transforms.RequestThrottling"));
    }

    /// <inheritdoc />
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var opcode = exchange.Request.Opcode;
        if (opcode is not (Opcode.Query or Opcode.Execute or Opcode.Batch or Opcode.Prepare)) return next(exchange);
        long now = _time.GetTimestamp();
        var limiter = _perClient ? ClientLimiter(exchange.Client, now) : _shared;
        if (limiter.TryAcquire(now)) return next(exchange);
        if (Interlocked.Increment(ref _rejected) % 1000 == 1)
            _log.LogWarning("Throttling {Client}: over {Rate}/s (burst {Burst}); {Rejected} requests rejected so far", exchange.Client, _rate, _burst, RejectedCount);
        string scope = _perClient ? $"client {HostOf(exchange.Client)}" : "this listener";
        exchange.Respond(ErrorCode.Overloaded, $"Request rate limit exceeded for {scope} ({_rate:0.###}/s, burst {_burst}); retry later");
        return ValueTask.CompletedTask;
    }

    private GcraLimiter ClientLimiter(string client, long now)
    {
        string host = HostOf(client);
        if (_clients.TryGetValue(host, out var limiter)) return limiter;
        // Forget clients whose bucket has fully drained, so a stream of distinct addresses cannot grow this forever.
        if (_clients.Count >= MaxClients)
        {
            foreach (var (key, value) in _clients)
            {
                if (value.TheoreticalArrival <= now) _clients.TryRemove(key, out _);
            }
        }
        return _clients.GetOrAdd(host, _ => new GcraLimiter(_interval, _burst));
    }

    // "127.0.0.1:53122" and "[::1]:53122" -> the address; one client machine has many connections (ports).
    private static string HostOf(string client)
    {
        int colon = client.LastIndexOf(':');
        if (colon <= 0 || client.IndexOf(':') != colon && !client.StartsWith('[')) return client;
        return client[..colon].Trim('[', ']');
    }
}
