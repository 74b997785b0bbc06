namespace ScriptProxy.Host.Stages;

/// <summary>The outcome of a build: an artifact (null on failure) and the messages (warnings even on success).</summary>
internal sealed record StageBuildResult(StageArtifact? Artifact, IReadOnlyList<StageDiagnostic> Diagnostics)
{
    public static StageBuildResult Failed(params StageDiagnostic[] diagnostics) => new(null, diagnostics);
}
