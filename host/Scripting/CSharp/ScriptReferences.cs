using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Scripting.CSharp;

/// <summary>
/// The metadata references every script compiles against, created once per process and shared (creating
/// them per compile costs time and memory): the shared framework and ScriptProxy.Abstractions.
/// </summary>
internal static class ScriptReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(Create);

    /// <summary>The namespaces a script sees without <c>using</c>.</summary>
    public static readonly ImmutableArray<string> Imports =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading", "System.Threading.Tasks",
        "ScriptProxy.Abstractions.Stages", "ScriptProxy.Abstractions.Wire", "ScriptProxy.Abstractions.Types", "ScriptProxy.Abstractions.Frames",
    ];

    public static ImmutableArray<MetadataReference> References => All.Value;

    /// <summary>The abstractions reference (what a <c>#r</c> of ScriptProxy.Abstractions.dll maps to).</summary>
    public static MetadataReference Abstractions => All.Value[^1];

    private static ImmutableArray<MetadataReference> Create()
    {
        // The framework's reference set is the trusted platform assemblies that live in the shared framework folder.
        string frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in tpa)
        {
            if (!string.Equals(Path.GetDirectoryName(path), frameworkDir, StringComparison.Ordinal)) continue;
            string file = Path.GetFileName(path);
            if (!file.StartsWith("System.", StringComparison.Ordinal) && file is not ("netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll")) continue;
            builder.Add(MetadataReference.CreateFromFile(path));
        }
        builder.Add(MetadataReference.CreateFromFile(typeof(IStage).Assembly.Location));
        return builder.ToImmutable();
    }
}
