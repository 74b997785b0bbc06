using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>Builds builtin stages (no source file: the fingerprint is the name, so they build once).</summary>
internal sealed class BuiltinStageBuilder : IStageBuilder
{
    public StageKind Kind => StageKind.Builtin;

    public string Fingerprint(string path) => "builtin:" + path;

    public Task<StageBuildResult> BuildAsync(string path, string displayName, StageContext context, int version)
    {
        if (!BuiltinStages.TryCreate(path, context, out var stage))
            return Task.FromResult(StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0300", $"unknown builtin; expected one of: {string.Join(", ", BuiltinStages.Names)}")));
        return Task.FromResult(new StageBuildResult(new StageArtifact(stage!, version, Fingerprint(path), stage as IDisposable), []));
    }
}
