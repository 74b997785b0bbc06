using System.Runtime.InteropServices;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>A one-line description of the machine a run happened on.</summary>
public static class Machine
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        double memGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9;
        return $"{cpu}, {Environment.ProcessorCount} cores, {memGb:0} GB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
