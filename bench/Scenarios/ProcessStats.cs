namespace ScriptProxy.Bench.Scenarios;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux).</summary>
public readonly record struct ProcessStats(double CpuSeconds, long RssBytes)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ; 100 on every Linux this runs on

    public static ProcessStats Read(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces: fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) +
                          long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
            long rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                rss = long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                break;
            }
            return new ProcessStats(cpu, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return default;
        }
    }
}
