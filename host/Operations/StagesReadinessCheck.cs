using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Operations;

/// <summary>Ready when every enabled stage has a live build (none is waiting on a file that does not compile).</summary>
public sealed class StagesReadinessCheck(PipelineManager manager) : IReadinessCheck
{
    public string Name => "stages";

    public ValueTask<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var failed = manager.Status().Where(s => s.State == StageState.FailedCompile).Select(s => s.Name).ToList();
        return ValueTask.FromResult(failed.Count == 0 ? null : $"not compiled: {string.Join(", ", failed)}");
    }
}
