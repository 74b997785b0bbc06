using System.Diagnostics;
using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Fuzz;

/// <summary>
/// The in-process fuzz loop. Per case it checks three invariants: the decoders succeed or throw
/// <see cref="CqlProtocolException"/> (never another type), the case allocates at most
/// <see cref="AllocationSlack"/> + <see cref="AllocationFactor"/> × input bytes (so no buffer is sized by a
/// lying length), and the case finishes within <see cref="SlowCase"/> (a watchdog reports a hang).
/// </summary>
public sealed class FuzzRunner(int seed)
{
    /// <summary>Fixed allowance per case: exception objects, stack traces, first-time pool buckets.</summary>
    public const long AllocationSlack = 4 << 20;

    /// <summary>Allowed bytes allocated per input byte (UTF-16 strings, list/dictionary entries, type objects).</summary>
    public const long AllocationFactor = 64;

    public static readonly TimeSpan SlowCase = TimeSpan.FromSeconds(2);

    private readonly SeedCorpus _corpus = SeedCorpus.Build(seed);
    private readonly Mutator _mutator = new(new Random(seed));
    private readonly ValueCaseGenerator _values = new(seed);
    private readonly HashSet<string> _signatures = [];
    private long _caseStarted;
    private volatile string _current = "";
    private volatile int _currentTarget;

    public DecoderTargets Targets { get; } = new();

    public long Cases { get; private set; }

    public Dictionary<FuzzTarget, long> CasesPerTarget { get; } = Enum.GetValues<FuzzTarget>().ToDictionary(t => t, _ => 0L);

    /// <summary>Distinct findings (one per signature), plus how many cases hit each.</summary>
    public List<FuzzFinding> Findings { get; } = [];

    public Dictionary<string, long> FindingCounts { get; } = [];

    public SeedCorpus Corpus => _corpus;

    /// <summary>Runs <paramref name="cases"/> cases on a dedicated thread; stops early and reports a hang when one case exceeds <paramref name="hangLimit"/>.</summary>
    public void RunWithWatchdog(long cases, TimeSpan hangLimit, Action<long>? progress = null)
    {
        var worker = new Thread(() => Run(cases, progress), 16 << 20) { IsBackground = true, Name = "fuzz" };
        worker.Start();
        while (!worker.Join(250))
        {
            long started = Interlocked.Read(ref _caseStarted);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > hangLimit)
            {
                lock (Findings) Findings.Add(new FuzzFinding((FuzzTarget)_currentTarget, Cases, "hang", $"a case ran longer than {hangLimit}", _current));
                return;
            }
        }
    }

    public void Run(long cases, Action<long>? progress = null)
    {
        for (long i = 0; i < cases; i++)
        {
            RunOne();
            if (progress is not null && (i + 1) % 100_000 == 0) progress(i + 1);
        }
    }

    private void RunOne()
    {
        int pick = _mutator.Random.Next(100);
        var target = pick switch
        {
            < 40 => FuzzTarget.Envelope,
            < 55 => FuzzTarget.CompressedEnvelope,
            < 75 => FuzzTarget.Segments,
            _ => FuzzTarget.Value,
        };
        Action action;
        string hex;
        long inputLength;
        switch (target)
        {
            case FuzzTarget.Envelope:
            {
                var input = _mutator.MutateEnvelope(Pick(_corpus.Envelopes), _corpus.Envelopes, keepFraming: _mutator.Random.Next(4) > 0);
                action = () => Targets.Envelope(input);
                (hex, inputLength) = (Convert.ToHexString(input), input.Length);
                break;
            }
            case FuzzTarget.CompressedEnvelope:
            {
                int index = _mutator.Random.Next(_corpus.CompressedEnvelopes.Count);
                var compressor = _mutator.Random.Next(5) == 0 ? SeedCorpus.CompressorOf(index + 1) : SeedCorpus.CompressorOf(index);
                var input = _mutator.MutateEnvelope(_corpus.CompressedEnvelopes[index], [], keepFraming: true);
                action = () => Targets.CompressedEnvelope(input, compressor);
                (hex, inputLength) = ($"{compressor.Name}:{Convert.ToHexString(input)}", input.Length);
                break;
            }
            case FuzzTarget.Segments:
            {
                var (seedBytes, lz4) = _corpus.Segments[_mutator.Random.Next(_corpus.Segments.Count)];
                var input = _mutator.MutateSegments(seedBytes, lz4);
                action = () => Targets.Segments(input, lz4);
                (hex, inputLength) = ($"{(lz4 ? "lz4" : "plain")}:{Convert.ToHexString(input)}", input.Length);
                break;
            }
            default:
            {
                var (option, type, value) = _values.Next();
                action = () => DecoderTargets.Value(option, type, value);
                (hex, inputLength) = ($"{type?.ToString() ?? "option " + Convert.ToHexString(option)}:{Convert.ToHexString(value)}",
                    option.Length + value.Length + (type is null ? 0 : option.Length));
                break;
            }
        }
        Cases++;
        CasesPerTarget[target]++;
        _current = hex;
        _currentTarget = (int)target;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _caseStarted, start);
        try
        {
            action();
        }
        catch (CqlProtocolException)
        {
            // The expected outcome for bad input.
        }
        catch (Exception e)
        {
            var frames = (e.StackTrace ?? "").Split('\n').Take(4).Select(l => l.Trim());
            Record(target, "exception", $"{e.GetType().Name}: {e.Message}\n    {string.Join("\n    ", frames)}", hex);
        }
        finally
        {
            Interlocked.Exchange(ref _caseStarted, 0);
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (allocated > AllocationSlack + AllocationFactor * inputLength)
            Record(target, "allocation", $"allocated {allocated:N0} bytes for a {inputLength}-byte input", hex);
        if (elapsed > SlowCase) Record(target, "slow", $"took {elapsed.TotalMilliseconds:N0} ms", hex);
    }

    private void Record(FuzzTarget target, string kind, string detail, string hex)
    {
        var finding = new FuzzFinding(target, Cases, kind, detail, hex);
        lock (Findings)
        {
            FindingCounts[finding.Signature] = FindingCounts.GetValueOrDefault(finding.Signature) + 1;
            if (_signatures.Add(finding.Signature) && Findings.Count < 200) Findings.Add(finding);
        }
    }

    private byte[] Pick(IReadOnlyList<byte[]> items) => items[_mutator.Random.Next(items.Count)];
}
