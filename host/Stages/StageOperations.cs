using Microsoft.Extensions.Logging;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Operator actions on one stage, for the admin API and the CLI: enable, disable, reload (rebuild from its
/// file now, even if unchanged) and rollback (rebuild an archived earlier version and keep it until the file
/// is saved again). Each action publishes a new pipeline version; requests in flight finish on theirs.
/// </summary>
public sealed class StageOperations
{
    private readonly PipelineManager _manager;

    internal StageOperations(PipelineManager manager) => _manager = manager;

    /// <summary>The outcome of an action: success, and a sentence for the operator.</summary>
    public sealed record Result(bool Found, bool Ok, string Message, StageStatus? Status = null);

    /// <summary>
    /// Finds a stage by its unique name (see <see cref="StageNames"/>), or, for a script or plugin going by its default name,
    /// by its file name or its file name without extension, with the same "#2" suffix (<c>deny-writes#2</c> for the second
    /// <c>scripts/deny-writes.csx</c>). Exact names win over short forms, so an explicit name is never shadowed.
    /// </summary>
    internal static int Find(IReadOnlyList<StageRuntime> runtimes, string name)
    {
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < runtimes.Count; i++)
            {
                string full = runtimes[i].Name;
                string? candidate = pass == 0 ? full : ShortForm(runtimes[i].Definition, pass == 2);
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)) return i;
            }
        }
        return -1;
    }

    /// <summary>A default-named stage's file name (or its stem) plus its suffix; null for an explicitly named stage.</summary>
    private static string? ShortForm(StageDefinition definition, bool withoutExtension)
    {
        if (definition.ExplicitName is not null || !definition.Name.StartsWith(definition.Source, StringComparison.Ordinal)) return null;
        string suffix = definition.Name[definition.Source.Length..];
        string source = definition.Source.TrimEnd('/');
        return (withoutExtension ? Path.GetFileNameWithoutExtension(source) : Path.GetFileName(source)) + suffix;
    }

    public Task<Result> SetEnabledAsync(string name, bool enabled) => WithStageAsync(name, index =>
    {
        var runtime = _manager.Runtime(index);
        runtime.Enabled = enabled;
        return Task.FromResult(new Result(true, true, $"{runtime.Name} {(enabled ? "enabled" : "disabled")}", runtime.Status()));
    });

    public Task<Result> ReloadAsync(string name) => WithStageAsync(name, async index =>
    {
        var runtime = _manager.Runtime(index);
        if (runtime.Definition.Kind == StageKind.Builtin) return new Result(true, false, $"{runtime.Name} is a builtin: nothing to reload");
        int version = runtime.NextVersion();
        var path = PipelineManager.ResolvePath(runtime.Definition, _manager.BaseDirectory);
        var built = await _manager.BuildAsync(index, path, version).ConfigureAwait(false);
        if (built.Artifact is null)
        {
            runtime.Reject(built.Diagnostics, _manager.CurrentFingerprint(index));
            return new Result(true, false, $"{runtime.Name} did not build; the live version keeps running:\n  " + string.Join("\n  ", built.Diagnostics), runtime.Status());
        }
        runtime.PinnedFingerprint = null;
        runtime.Accept(built.Artifact, built.Diagnostics);
        runtime.Archive.Save(version, path, runtime.Definition.Kind);
        runtime.Log.LogInformation("Stage {Stage} reloaded by an operator as version {Version}", runtime.Name, version);
        return new Result(true, true, $"{runtime.Name} reloaded as version {version}", runtime.Status());
    });

    /// <param name="name">The stage.</param>
    /// <param name="version">The archived version to run; null = the one before the live version.</param>
    public Task<Result> RollbackAsync(string name, int? version) => WithStageAsync(name, async index =>
    {
        var runtime = _manager.Runtime(index);
        if (runtime.Definition.Kind == StageKind.Builtin) return new Result(true, false, $"{runtime.Name} is a builtin: it has no versions");
        int live = runtime.Live?.Version ?? int.MaxValue;
        int? target = version ?? runtime.Archive.PreviousOf(live);
        if (target is null) return new Result(true, false, $"{runtime.Name} has no earlier version to roll back to (kept: {string.Join(", ", runtime.Archive.Versions)})", runtime.Status());
        if (runtime.Archive.PathOf(target.Value) is not { } archived)
            return new Result(true, false, $"{runtime.Name} version {target} is not kept (kept: {string.Join(", ", runtime.Archive.Versions)})", runtime.Status());
        var built = await _manager.BuildAsync(index, archived, target.Value).ConfigureAwait(false);
        if (built.Artifact is null)
            return new Result(true, false, $"{runtime.Name} version {target} did not build:\n  " + string.Join("\n  ", built.Diagnostics), runtime.Status());
        runtime.Accept(built.Artifact, built.Diagnostics);
        runtime.PinnedFingerprint = _manager.CurrentFingerprint(index);
        runtime.Log.LogWarning("Stage {Stage} rolled back to version {Version}; it stays until its file is saved again", runtime.Name, target);
        return new Result(true, true, $"{runtime.Name} rolled back to version {target}", runtime.Status());
    });

    private async Task<Result> WithStageAsync(string name, Func<int, Task<Result>> action)
    {
        int index = _manager.IndexOf(name);
        if (index < 0) return new Result(false, false, $"no stage named '{name}'");
        return await _manager.UnderGateAsync(() => action(index)).ConfigureAwait(false);
    }
}
