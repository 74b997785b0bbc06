using System.Buffers;
using System.Buffers.Binary;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Fuzz;

/// <summary>
/// Sends mutated request envelopes through the real <c>ProxyServer</c> to a <see cref="FakeCqlUpstream"/> over
/// several concurrent connections, one request at a time per connection, and checks each outcome against
/// the spec: a frame whose framing survives gets exactly one answer on its stream (the upstream's, or
/// ERROR 0x000A from the proxy) and the connection stays open; a framing-fatal frame (bad version, direction
/// bit, negative or oversized length, corrupt v5 segment) gets at most an error, then the connection closes.
/// Nothing may hang, and the proxy must still serve a fresh connection at the end.
/// </summary>
public static class ProxyFuzzer
{
    /// <summary>The proxy's frame limit in the fuzz run: larger declared lengths are framing-fatal.</summary>
    public const int MaxFrameBytes = 256 * 1024;

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private enum Mode { V4, V3, V4Lz4, V4Snappy, V5, V5Lz4, NoHandshake }

    public static async Task<ProxyFuzzReport> RunAsync(int seed, long cases, int connections, TimeSpan timeLimit)
    {
        var report = new ProxyFuzzReport();
        var corpus = SeedCorpus.Build(seed, perKind: 6);
        var requests = corpus.Envelopes.Where(e => (e[0] & 0x80) == 0 && e[4] != (byte)Opcode.Startup).ToList();
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint, c => c with { MaxFrameBytes = MaxFrameBytes });
        using var overall = new CancellationTokenSource(timeLimit);
        using var sampling = new CancellationTokenSource();
        var sampler = SampleHeapAsync(report, sampling.Token);
        var workers = Enumerable.Range(0, connections)
            .Select(i => Task.Run(() => WorkerAsync(proxy, requests, new Random(seed * 31 + i), cases, report, overall.Token)))
            .ToArray();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
            report.Violation($"the run did not finish within {timeLimit}");
        }
        sampling.Cancel();
        await sampler;

        // The proxy still serves a fresh connection.
        await using var fresh = await FuzzClientConnection.ConnectAsync(proxy.EndPoint);
        await fresh.SendAsync(Frames.Options(1), CancellationToken.None);
        using var wait = new CancellationTokenSource(AnswerTimeout);
        var answer = await fresh.ReadAsync(wait.Token);
        if (answer is not { Header.Opcode: Opcode.Supported }) report.Violation($"a fresh connection after the run got {answer?.Header.ToString() ?? "closed"} instead of SUPPORTED");
        return report;
    }

    private static async Task SampleHeapAsync(ProxyFuzzReport report, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            report.PeakHeapBytes = Math.Max(report.PeakHeapBytes, GC.GetTotalMemory(false));
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WorkerAsync(ProxyHarness proxy, List<byte[]> requests, Random random, long budget, ProxyFuzzReport report, CancellationToken cancellationToken)
    {
        var mutator = new Mutator(random);
        while (!cancellationToken.IsCancellationRequested)
        {
            var mode = (Mode)random.Next(7);
            await using var connection = await FuzzClientConnection.ConnectAsync(proxy.EndPoint);
            report.Connected();
            if (!await HandshakeAsync(connection, mode, report, cancellationToken)) return;
            byte version = mode switch { Mode.V3 => 3, Mode.V5 or Mode.V5Lz4 => 5, _ => 4 };
            var seeds = requests.Where(e => e[0] == version).ToList();
            var compressor = mode switch { Mode.V4Lz4 => (IBodyCompressor)Lz4BodyCompressor.Instance, Mode.V4Snappy => SnappyBodyCompressor.Instance, _ => null };
            short stream = 0;
            while (true)
            {
                if (!report.TakeCase(budget)) return;
                stream = (short)(stream % 32000 + 1);
                var (bytes, fatal) = Build(mutator, seeds, compressor, connection, stream);
                await connection.SendAsync(bytes, cancellationToken);
                if (!await CheckAsync(connection, stream, fatal, bytes, report, cancellationToken)) break;
            }
        }
    }

    private static async Task<bool> HandshakeAsync(FuzzClientConnection connection, Mode mode, ProxyFuzzReport report, CancellationToken cancellationToken)
    {
        if (mode == Mode.NoHandshake) return true;
        var (version, compression) = mode switch
        {
            Mode.V3 => ((byte)3, (string?)null),
            Mode.V4Lz4 => ((byte)4, "lz4"),
            Mode.V4Snappy => ((byte)4, "snappy"),
            Mode.V5 => ((byte)5, null),
            Mode.V5Lz4 => ((byte)5, "lz4"),
            _ => ((byte)4, null),
        };
        await connection.SendAsync(Frames.Startup(0, version, compression), cancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(AnswerTimeout);
        var ready = await connection.ReadAsync(wait.Token);
        if (ready is not { Header.Opcode: Opcode.Ready })
        {
            report.Violation($"{mode}: STARTUP answered with {ready?.Header.ToString() ?? "a close"}");
            return false;
        }
        if (version == 5) connection.StartSegments(compression == "lz4");
        return true;
    }

    /// <summary>A mutated request with the given stream, framed so that only a deliberate length lie breaks framing.</summary>
    private static (byte[] Bytes, bool Fatal) Build(Mutator mutator, List<byte[]> seeds, IBodyCompressor? compressor, FuzzClientConnection connection, short stream)
    {
        var random = mutator.Random;
        var seed = seeds[random.Next(seeds.Count)];
        if (compressor is not null && random.Next(4) > 0) seed = Compress(seed, compressor);
        var m = mutator.MutateEnvelope(seed, seeds, keepFraming: random.Next(5) > 0);
        if (m.Length < FrameHeader.Size) m = [.. m, .. new byte[FrameHeader.Size - m.Length]];
        BinaryPrimitives.WriteInt16BigEndian(m.AsSpan(2), stream);
        // A second STARTUP would renegotiate framing behind the fuzzer's back (the fake upstream accepts it).
        if (m[4] == (byte)Opcode.Startup) m[4] = (byte)Opcode.Options;
        var header = FrameHeader.Read(m);
        bool fatal = !ProtocolVersion.IsSupported(header.Version) || header.IsResponse || header.BodyLength is < 0 or > MaxFrameBytes;
        if (!fatal)
        {
            // Send exactly the declared body: truncated, or padded with random bytes.
            var fixedUp = new byte[FrameHeader.Size + header.BodyLength];
            m.AsSpan(0, Math.Min(m.Length, fixedUp.Length)).CopyTo(fixedUp);
            if (m.Length < fixedUp.Length) random.NextBytes(fixedUp.AsSpan(m.Length));
            m = fixedUp;
        }
        if (!connection.Segmented) return (m, fatal);
        if (random.Next(30) == 0)
        {
            // A corrupt segment: one flipped bit anywhere fails a CRC.
            var segment = connection.Segment(m.Length <= ScriptProxy.Abstractions.Framing.SegmentHeader.MaxPayloadLength ? m : m[..1000], selfContained: true);
            segment[random.Next(segment.Length)] ^= (byte)(1 << random.Next(8));
            return (segment, true);
        }
        if (fatal && m.Length > ScriptProxy.Abstractions.Framing.SegmentHeader.MaxPayloadLength) m = m[..1000];
        var output = new ArrayBufferWriter<byte>();
        using var encoder = new ScriptProxy.Abstractions.Framing.SegmentEncoder(connection.Lz4);
        encoder.Add(m, output);
        encoder.Flush(output);
        return (output.WrittenSpan.ToArray(), fatal);
    }

    private static byte[] Compress(byte[] envelope, IBodyCompressor compressor)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(envelope.AsSpan(0, FrameHeader.Size));
        int n = compressor.Compress(envelope.AsSpan(FrameHeader.Size), writer);
        var bytes = writer.WrittenSpan.ToArray();
        var header = FrameHeader.Read(bytes);
        header.WithFlags(header.Flags | FrameFlags.Compression).WithBodyLength(n).Write(bytes);
        return bytes;
    }

    /// <summary>Checks the outcome of one request; returns false when the connection is closed.</summary>
    private static async Task<bool> CheckAsync(FuzzClientConnection connection, short stream, bool fatal, byte[] sent, ProxyFuzzReport report, CancellationToken cancellationToken)
    {
        string Input() => Convert.ToHexString(sent.AsSpan(0, Math.Min(sent.Length, 200)));
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(AnswerTimeout);
        (FrameHeader Header, byte[] Body)? answer;
        try
        {
            answer = await connection.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            report.Violation($"no answer and no close within {AnswerTimeout} for stream {stream} (fatal={fatal}): {Input()}");
            return false;
        }
        if (answer is null)
        {
            if (fatal) report.Closed();
            else report.Violation($"connection closed after a frame whose framing survives (stream {stream}): {Input()}");
            return false;
        }
        var (header, body) = answer.Value;
        if (header.Opcode == Opcode.Error)
        {
            int code = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : -1;
            if (code == 0x000A) report.ProxyErrored();
            else report.Violation($"ERROR 0x{code:X4} for stream {stream}: {Input()}");
        }
        else if (header.Opcode is Opcode.Result or Opcode.Supported or Opcode.Ready) report.UpstreamAnswered();
        else report.Violation($"unexpected answer {header} for stream {stream}");
        if (!fatal && header.Stream != stream) report.Violation($"answer on stream {header.Stream}, expected {stream} (duplicate or misrouted): {Input()}");
        if (!fatal) return true;

        // Framing is lost: after the error the proxy must close.
        try
        {
            using var close = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            close.CancelAfter(AnswerTimeout);
            var next = await connection.ReadAsync(close.Token);
            if (next is null) report.Closed();
            else report.Violation($"after a framing-fatal frame the proxy sent {next.Value.Header} instead of closing: {Input()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            report.Violation($"the connection stayed open after a framing-fatal frame: {Input()}");
        }
        return false;
    }
}
