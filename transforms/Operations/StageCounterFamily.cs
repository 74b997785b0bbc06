namespace ScriptProxy.Transforms.Operations;

/// <summary>
/// One kind of counter a stage reports (the host turns it into a metric family, e.g. <c>scriptproxy_query_count_total</c>).
/// Declare each family once (a static field) so every sample of it shares the same label names.
/// </summary>
/// <param name="Name">snake_case name without prefix or suffix, e.g. "query_count"; the host adds "scriptproxy_" and, for counters, "_total".</param>
/// <param name="Help">One line saying what is counted.</param>
/// <param name="Monotonic">True for a count that only grows while the stage lives (a counter), false for a level (a gauge).</param>
/// <param name="LabelNames">The sample labels besides the stage, which the host adds.</param>
public sealed record StageCounterFamily(string Name, string Help, bool Monotonic, IReadOnlyList<string> LabelNames);
