using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Builds builtin stages from their definition (no source file: the fingerprint is the name and settings, so
/// they build once). A settings error becomes a diagnostic naming the file and key, like the config loader's.
/// </summary>
/// <param name="definition">The one stage this builder builds (builtins have no file to tell them apart).</param>
/// <param name="logs">Loggers for the transform.</param>
/// <param name="listeners">The proxy's client-facing endpoints (PeersRewrite advertises them).</param>
/// <param name="departures">Client connections that closed (Tee and DualWrite close their secondary connections).</param>
internal sealed class BuiltinStageBuilder(StageDefinition definition, ILoggerFactory logs, IReadOnlyList<string> listeners, ClientDepartures departures) : IStageBuilder
{
    public StageKind Kind => StageKind.Builtin;

    public string Fingerprint(string path) => "builtin:" + path + ":" + definition.SettingsJson;

    public Task<StageBuildResult> BuildAsync(string path, string displayName, StageContext context, int version)
    {
        try
        {
            var stage = BuiltinStages.Create(definition, logs, listeners, departures);
            return Task.FromResult(new StageBuildResult(new StageArtifact(stage, version, Fingerprint(path), stage as IDisposable), []));
        }
        catch (TransformConfigException e)
        {
            return Task.FromResult(StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0300", e.Message)));
        }
    }
}
