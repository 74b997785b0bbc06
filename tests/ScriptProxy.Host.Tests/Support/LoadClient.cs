using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// A raw CQL connection that keeps <c>window</c> QUERY requests in flight until told to stop or the connection closes,
/// and accounts for every stream: answered with RESULT, answered with ERROR (code and text kept), answered twice, or
/// never answered before the close. Every read is bounded (RawCqlClient's 10 s), so a hang fails instead of waiting.
/// </summary>
public sealed class LoadClient
{
    private readonly ConcurrentDictionary<short, byte> _outstanding = new();
    private readonly ConcurrentQueue<short> _free = new();
    private readonly SemaphoreSlim _window;
    private int _sent;
    private int _results;
    private int _duplicates;

    private LoadClient(int window)
    {
        _window = new SemaphoreSlim(window, window);
        for (short s = 1; s <= window; s++) _free.Enqueue(s);
    }

    public int Sent => Volatile.Read(ref _sent);

    public int Results => Volatile.Read(ref _results);

    public int Duplicates => Volatile.Read(ref _duplicates);

    public int Unanswered => _outstanding.Count;

    /// <summary>Error answers as "0xCODE message".</summary>
    public ConcurrentBag<string> Errors { get; } = [];

    private string? _ending;

    /// <summary>
    /// How the connection ended, decided once by whichever side saw the end first: "closed" (EOF), "reset"
    /// (IOException), "stopped" (asked to, while the connection was still open).
    /// </summary>
    public string Ending => Volatile.Read(ref _ending) ?? "";

    private void End(string how) => Interlocked.CompareExchange(ref _ending, how, null);

    /// <summary>Connects, runs STARTUP, then loads until <paramref name="stop"/> is cancelled or the proxy closes the connection.</summary>
    public static async Task<LoadClient> RunAsync(IPEndPoint proxy, CancellationToken stop, int window = 32, string query = "SELECT release_version FROM system.local")
    {
        var load = new LoadClient(window);
        await using var client = await RawCqlClient.ConnectAsync(proxy);
        await client.SendAsync(Frames.Startup(0));
        var ready = await client.ReadFrameAsync();
        if (ready?.Header.Opcode != Opcode.Ready) throw new InvalidOperationException($"STARTUP answered {ready?.Header.Opcode}");
        var reader = load.ReadAsync(client);
        try
        {
            while (!stop.IsCancellationRequested && !reader.IsCompleted)
            {
                try
                {
                    await load._window.WaitAsync(stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                if (reader.IsCompleted || !load._free.TryDequeue(out var stream)) break;
                load._outstanding[stream] = 0;
                try
                {
                    await client.SendAsync(Frames.Query(stream, query));
                    Interlocked.Increment(ref load._sent);
                }
                catch (IOException)
                {
                    break;
                }
            }
            // The loop also ends when the reader is finishing (its final window release woke the sender before the
            // reader task completed): that is the proxy closing, which the reader records, not a stop.
            if (stop.IsCancellationRequested && !reader.IsCompleted)
            {
                // Asked to stop: let the answers in flight arrive, then close.
                for (int i = 0; i < 200 && !load._outstanding.IsEmpty && !reader.IsCompleted; i++) await Task.Delay(25, CancellationToken.None);
                if (!reader.IsCompleted) load.End("stopped");
            }
        }
        finally
        {
            try
            {
                client.ShutdownSend();
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // Already closed by the proxy.
            }
            await reader;
        }
        return load;
    }

    private async Task ReadAsync(RawCqlClient client)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var frame = await client.ReadFrameAsync();
                if (frame is null)
                {
                    End("closed");
                    return;
                }
                var (header, body) = frame.Value;
                if (!_outstanding.TryRemove(header.Stream, out _))
                {
                    Interlocked.Increment(ref _duplicates);
                    continue;
                }
                if (header.Opcode == Opcode.Result) Interlocked.Increment(ref _results);
                else
                {
                    var (code, message) = RawCqlClient.ParseError(body);
                    Errors.Add($"0x{code:X4} {message}");
                }
                _free.Enqueue(header.Stream);
                _window.Release();
            }
        }
        catch (IOException)
        {
            End("reset");
        }
        finally
        {
            try
            {
                _window.Release(); // wake a sender waiting for a slot
            }
            catch (SemaphoreFullException)
            {
                // Nobody waits.
            }
        }
    }

    /// <summary>One line for test output.</summary>
    public override string ToString() =>
        new StringBuilder().Append($"sent={Sent} results={Results} errors={Errors.Count} unanswered={Unanswered} duplicates={Duplicates} ending={Ending}").ToString();
}
