namespace ScriptProxy.Host.Stages;

/// <summary>What one pipeline version consisted of (kept for the last few versions, for the admin API and rollback).</summary>
/// <param name="Version">The pipeline version number.</param>
/// <param name="Created">When it went live.</param>
/// <param name="Stages">Each stage as <c>name@build</c>.</param>
public sealed record PipelineVersionRecord(long Version, DateTimeOffset Created, IReadOnlyList<string> Stages);
