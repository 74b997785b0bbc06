using System.Text.Json;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Debugging;

/// <summary>
/// Holds statements back and releases them together, when <c>flushWhenBuffered</c> are waiting or
/// <c>flushWhenMillisSinceLastFlush</c> has passed since the last release, whichever comes first. The released group
/// then reaches the upstream at once (one write batch instead of many), trading latency for fewer, larger writes.
/// Handshake messages are never held.
/// </summary>
public sealed class Coalesce : IStage
{
    private readonly int _maxBuffered;
    private readonly TimeSpan _maxDelay;
    private readonly ITimer? _timer;
    private readonly Lock _lock = new();
    private List<TaskCompletionSource> _waiting = [];
    private long _flushes;

    private Coalesce(int maxBuffered, TimeSpan maxDelay, TimeProvider time)
    {
        _maxBuffered = maxBuffered;
        _maxDelay = maxDelay;
        if (maxDelay > TimeSpan.Zero) _timer = time.CreateTimer(_ => Flush(), null, maxDelay, maxDelay);
    }

    /// <summary>Groups released so far.</summary>
    public long FlushCount => Interlocked.Read(ref _flushes);

    /// <summary>Builds the stage from <c>flushWhenBuffered</c> and/or <c>flushWhenMillisSinceLastFlush</c>.</summary>
    public static Coalesce Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "flushWhenBuffered", "flushWhenMillisSinceLastFlush");
        int count = r.Int("flushWhenBuffered", 1, 100_000, 0);
        int ms = r.Int("flushWhenMillisSinceLastFlush", 1, 60_000, 0);
        if (count == 0 && ms == 0) throw r.Problem("", "expected \"flushWhenBuffered\" (a count), \"flushWhenMillisSinceLastFlush\" (milliseconds), or both");
        // Without a timer a lone request would wait forever for company; cap the wait at one second.
        return new Coalesce(count == 0 ? int.MaxValue : count, TimeSpan.FromMilliseconds(ms == 0 ? 1000 : ms), context.Time);
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        if (exchange.Request.Opcode is Opcode.Query or Opcode.Execute or Opcode.Batch)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bool full;
            lock (_lock)
            {
                _waiting.Add(gate);
                full = _waiting.Count >= _maxBuffered;
            }
            if (full) Flush();
            using (exchange.Aborted.Register(static g => ((TaskCompletionSource)g!).TrySetResult(), gate))
            {
                await gate.Task.ConfigureAwait(false);
            }
        }
        await next(exchange).ConfigureAwait(false);
    }

    /// <summary>Releases everything waiting now.</summary>
    public void Flush()
    {
        List<TaskCompletionSource> released;
        lock (_lock)
        {
            if (_waiting.Count == 0) return;
            released = _waiting;
            _waiting = [];
        }
        Interlocked.Increment(ref _flushes);
        foreach (var gate in released) gate.TrySetResult();
        // Restart the period: "since the last flush", not on a fixed clock.
        _timer?.Change(_maxDelay, _maxDelay);
    }
}
