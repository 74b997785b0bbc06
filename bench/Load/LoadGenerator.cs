using System.Diagnostics;
using System.Runtime.CompilerServices;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Client;

namespace ScriptProxy.Bench.Load;

/// <summary>
/// The CQL load generator on our own codec: N connections, pre-encoded prepared EXECUTEs, zero allocation per
/// request. Max-throughput mode runs <see cref="LoadSpec.Concurrency"/> closed-loop workers per connection;
/// fixed-rate mode paces requests from one thread at their intended times and measures latency from the intended
/// time (coordinated omission corrected), however late the request actually went out.
/// </summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    private readonly LoadSpec _spec;
    private readonly List<CqlConnection> _connections = [];
    private readonly LatencyRecorder _recorder = new();
    private WorkloadStatements? _statements;
    private volatile bool _stop;
    private long _sequence;
    private string? _firstError;

    private LoadGenerator(LoadSpec spec) => _spec = spec;

    /// <summary>Opens the connections (at most 64 handshakes at a time) and prepares the statements.</summary>
    public static async Task<LoadGenerator> ConnectAsync(LoadSpec spec, CancellationToken cancellationToken)
    {
        var generator = new LoadGenerator(spec);
        try
        {
            var options = new CqlConnectionOptions
            {
                Version = spec.Version,
                Compression = spec.Lz4 ? "lz4" : null,
                InlineContinuations = true,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                ReceiveBufferSize = 8192,
            };
            using var gate = new SemaphoreSlim(64);
            var tasks = Enumerable.Range(0, spec.Connections).Select(async _ =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await CqlConnection.ConnectAsync(spec.Target, options, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            foreach (var task in tasks)
            {
                try
                {
                    generator._connections.Add(await task.ConfigureAwait(false));
                }
                catch
                {
                    // Keep the others so DisposeAsync closes them; rethrow the first failure below.
                    foreach (var t in tasks) if (t.IsCompletedSuccessfully && !generator._connections.Contains(t.Result)) generator._connections.Add(t.Result);
                    throw;
                }
            }
            generator._statements = await WorkloadStatements.PrepareAsync(generator._connections[0]).ConfigureAwait(false);
            return generator;
        }
        catch
        {
            await generator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the warm-up, then the measured window, and returns what was measured.</summary>
    /// <param name="onWindow">Called right before (true) and right after (false) the measured window, e.g. to read a process's CPU time.</param>
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken, Action<bool>? onWindow = null)
    {
        _stop = false;
        Task load;
        Thread? pacer = null;
        if (_spec.Rate is { } rate)
        {
            pacer = new Thread(() => Pace(rate)) { IsBackground = true, Name = "pacer", Priority = ThreadPriority.AboveNormal };
            pacer.Start();
            load = Task.CompletedTask;
        }
        else
        {
            var workers = new List<Task>();
            foreach (var connection in _connections)
            {
                for (int i = 0; i < _spec.Concurrency; i++) workers.Add(Task.Run(() => WorkerAsync(connection), cancellationToken));
            }
            load = Task.WhenAll(workers);
        }
        await Task.Delay(_spec.Warmup, cancellationToken).ConfigureAwait(false);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        onWindow?.Invoke(true);
        _recorder.Start();
        await Task.Delay(_spec.Duration, cancellationToken).ConfigureAwait(false);
        _recorder.Stop();
        onWindow?.Invoke(false);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        _stop = true;
        pacer?.Join();
        // Let requests still in flight finish so the connections close cleanly (bounded).
        await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        return LoadResult.From(_recorder.Snapshot(), _recorder.Errors, _recorder.Seconds, _firstError, cpu);
    }

    private async Task DrainAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (_connections.Any(c => c.InFlight > 0) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(10).ConfigureAwait(false);
    }

    private async Task WorkerAsync(CqlConnection connection)
    {
        var statements = _statements!;
        var buffer = new byte[statements.MaxLength];
        var workload = _spec.Workload;
        while (!_stop)
        {
            long seq = Interlocked.Increment(ref _sequence);
            int length = statements.Build(workload, seq, buffer);
            long start = Stopwatch.GetTimestamp();
            var (error, closed) = await ExecuteAsync(connection, buffer, length).ConfigureAwait(false);
            _recorder.Record(start, Stopwatch.GetTimestamp(), error);
            if (closed) return;
        }
    }

    /// <summary>
    /// Sends one pre-encoded EXECUTE and classifies the outcome (an ERROR answer or a failure is an error; the first
    /// one's text is kept for the report). The body is copied before SendRawAsync returns, so callers reuse the buffer.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(bool Error, bool Closed)> ExecuteAsync(CqlConnection connection, byte[] buffer, int length)
    {
        try
        {
            var response = await connection.SendRawAsync(Opcode.Execute, buffer.AsSpan(0, length)).ConfigureAwait(false);
            if (response.IsError) _firstError ??= response.Error?.Message ?? response.Opcode.ToString();
            return (response.IsError, false);
        }
        catch (Exception e)
        {
            _firstError ??= e.Message;
            return (true, e is CqlConnectionClosedException);
        }
    }

    /// <summary>The fixed-rate pacer: sends each request at its intended time, round-robin over the connections.</summary>
    private void Pace(double rate)
    {
        var statements = _statements!;
        var buffer = new byte[statements.MaxLength];
        double period = Stopwatch.Frequency / rate;
        long start = Stopwatch.GetTimestamp();
        long issued = 0;
        int next = 0;
        while (!_stop)
        {
            long now = Stopwatch.GetTimestamp();
            long intended = start + (long)(issued * period);
            while (intended <= now && !_stop)
            {
                var connection = _connections[next];
                if (++next == _connections.Count) next = 0;
                int length = statements.Build(_spec.Workload, issued, buffer);
                _ = IssueAsync(connection, buffer, length, intended);
                issued++;
                intended = start + (long)(issued * period);
            }
            long waitUs = (intended - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency;
            if (waitUs > 2000) Thread.Sleep(1);
            else if (waitUs > 60) NativeSleep.Microseconds((int)waitUs - 50);
            else if (waitUs > 0) Thread.Yield();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask IssueAsync(CqlConnection connection, byte[] buffer, int length, long intended)
    {
        var (error, _) = await ExecuteAsync(connection, buffer, length).ConfigureAwait(false);
        _recorder.Record(intended, Stopwatch.GetTimestamp(), error);
    }

    public async ValueTask DisposeAsync()
    {
        _stop = true;
        foreach (var connection in _connections) await connection.DisposeAsync().ConfigureAwait(false);
        _connections.Clear();
    }
}
