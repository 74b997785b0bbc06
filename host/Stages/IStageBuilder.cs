using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>Builds one kind of stage from its source (off the hot path; may take hundreds of milliseconds).</summary>
internal interface IStageBuilder
{
    StageKind Kind { get; }

    /// <summary>A cheap identity of the current source (a content hash); the stage is rebuilt only when it changes.</summary>
    string Fingerprint(string path);

    /// <summary>Builds the stage; never throws for a bad source (returns diagnostics instead).</summary>
    /// <param name="path">Full path of the script, plugin DLL, or the builtin name.</param>
    /// <param name="displayName">The name used in diagnostics (the path as written in proxy.json).</param>
    /// <param name="context">The stage's context (name, settings, log).</param>
    /// <param name="version">The build number to stamp on the artifact.</param>
    Task<StageBuildResult> BuildAsync(string path, string displayName, StageContext context, int version);
}
