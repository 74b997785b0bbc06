using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>Freezes a list of stages into a <see cref="PipelineSnapshot"/>: guards are built last-to-first so each holds its successor.</summary>
internal static class PipelineComposer
{
    /// <summary>The largest chain: fault and budget bookkeeping uses one bit per stage.</summary>
    public const int MaxStages = 64;

    private static readonly StageNext Terminal = static ex => ((PipelineExchange)ex).ForwardAsync();

    /// <param name="version">The new version number.</param>
    /// <param name="stages">Each stage's runtime and the build to run (null: never built).</param>
    /// <param name="watchdog">Enforces budgets; null for <see cref="BudgetWatchdog.Shared"/> (tests pass a manual one).</param>
    public static PipelineSnapshot Compose(long version, IReadOnlyList<(StageRuntime Runtime, StageArtifact? Artifact)> stages, BudgetWatchdog? watchdog = null)
    {
        if (stages.Count > MaxStages) throw new ArgumentException($"At most {MaxStages} stages are supported", nameof(stages));
        var guards = new StageGuard[stages.Count];
        StageNext next = Terminal;
        for (int i = stages.Count - 1; i >= 0; i--)
        {
            guards[i] = new StageGuard(i, stages[i].Runtime, stages[i].Artifact, next);
            next = guards[i].Invoke;
        }
        return new PipelineSnapshot(version, guards, next, watchdog);
    }
}
