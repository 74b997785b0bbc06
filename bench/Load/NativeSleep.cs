using System.Runtime.InteropServices;

namespace ScriptProxy.Bench.Load;

/// <summary>Sub-millisecond sleeps for the fixed-rate pacer (Thread.Sleep cannot sleep less than ~1 ms).</summary>
internal static partial class NativeSleep
{
    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);

    public static void Microseconds(int microseconds)
    {
        if (microseconds <= 0) return;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) USleep((uint)microseconds);
        else Thread.Sleep(Math.Max(1, microseconds / 1000));
    }
}
