namespace ScriptProxy.Host.Scripting.JavaScript;

/// <summary>
/// Per-call limits of JS hooks (proxy.json <c>jsLimits</c>). The time limit is the one that always stops a
/// runaway loop; the statement limit is deterministic; the memory limit alone does not stop an empty loop.
/// </summary>
/// <param name="Timeout">Wall-clock limit of one hook call.</param>
/// <param name="MaxStatements">Statements one hook call may execute (0 = unlimited).</param>
/// <param name="MemoryBytes">Managed memory one hook call may allocate (0 = unlimited).</param>
public sealed record JsLimits(TimeSpan Timeout, int MaxStatements, long MemoryBytes)
{
    public static JsLimits Default { get; } = new(TimeSpan.FromMilliseconds(50), 1_000_000, 16 * 1024 * 1024);
}
