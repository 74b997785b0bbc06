using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Plugins;

/// <summary>
/// Loads <c>plugins/Name/Name.dll</c> with McMaster.NETCore.Plugins into an unloadable context, sharing
/// ScriptProxy.Abstractions with the host (so <see cref="IStage"/> is one type on both sides), loaded in
/// memory (the DLL is not locked, so it can be replaced while running). The plugin's first public
/// non-abstract <see cref="IStage"/> type is instantiated with a <see cref="StageContext"/> constructor if it
/// has one, else its parameterless constructor.
/// </summary>
internal sealed class PluginStageBuilder : IStageBuilder
{
    private static readonly Type[] SharedTypes = [typeof(IStage), typeof(StageContext)];

    public StageKind Kind => StageKind.Plugin;

    /// <summary>Hashes the plugin's whole folder: a replaced dependency reloads the plugin too.</summary>
    public string Fingerprint(string path) => SourceFingerprint.OfDirectory(Path.GetDirectoryName(path)!);

    public Task<StageBuildResult> BuildAsync(string path, string displayName, StageContext context, int version)
    {
        if (!File.Exists(path))
            return Task.FromResult(StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0200", $"plugin file not found: {path}")));
        string fingerprint = Fingerprint(path);
        PluginLoader? loader = null;
        try
        {
            var (stage, created, weak) = Load(path, context);
            loader = created;
            if (stage is null)
            {
                loader.Dispose();
                return Task.FromResult(StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0201", "the plugin has no public non-abstract class implementing IStage")));
            }
            return Task.FromResult(new StageBuildResult(new StageArtifact(stage, version, fingerprint, new PluginUnloader(loader, weak)) { LoadContext = weak }, []));
        }
        catch (Exception e)
        {
            loader?.Dispose();
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            return Task.FromResult(StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0202", $"the plugin failed to load: {inner.GetType().Name}: {inner.Message}")));
        }
    }

    // Not inlined so no reflection object of the plugin stays on a caller's stack frame (keeps unload verifiable).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IStage? Stage, PluginLoader Loader, WeakReference Context) Load(string path, StageContext context)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(path, isUnloadable: true, sharedTypes: SharedTypes, configure: config =>
        {
            config.LoadInMemory = true;
            config.PreferSharedTypes = true;
        });
        var assembly = loader.LoadDefaultAssembly();
        var weak = new WeakReference(AssemblyLoadContext.GetLoadContext(assembly));
        var type = assembly.GetExportedTypes().FirstOrDefault(t => typeof(IStage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });
        if (type is null) return (null, loader, weak);
        var withContext = type.GetConstructor([typeof(StageContext)]);
        var stage = (IStage)(withContext is not null ? withContext.Invoke([context]) : Activator.CreateInstance(type)!);
        return (stage, loader, weak);
    }
}
