using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Scripting.CSharp;

/// <summary>
/// Compiles <c>scripts/*.csx</c> (C# script syntax, globals = <see cref="StageContext"/>) with Roslyn into a
/// collectible <see cref="ScriptLoadContext"/>, runs its top-level code once, and takes the stage from it.
/// A script either declares a top-level <c>ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)</c>
/// method, or ends with <c>return</c> of an <see cref="IStage"/> (e.g. <c>return new MyStage();</c>).
/// The script runner is never on the hot path: requests call the returned delegate or interface.
/// </summary>
internal sealed class CSharpStageBuilder : IStageBuilder
{
    /// <summary>How long a script's top-level code may run while building (it runs once, off the hot path).</summary>
    public static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(5);

    private const string MethodName = "InvokeAsync";

    /// <summary>The class Roslyn wraps script code in (CSharpCompilationOptions.ScriptClassName's default).</summary>
    private const string ScriptClassName = "Script";

    private static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    private static readonly CSharpCompilationOptions CompileOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                concurrentBuild: false, nullableContextOptions: NullableContextOptions.Disable)
            .WithUsings(ScriptReferences.Imports)
            .WithMetadataReferenceResolver(AbstractionsReferenceResolver.Instance)
            .WithSourceReferenceResolver(null);

    private static int _sequence;

    public StageKind Kind => StageKind.CSharp;

    public string Fingerprint(string path) => SourceFingerprint.OfFile(path);

    public async Task<StageBuildResult> BuildAsync(string path, string displayName, StageContext context, int version)
    {
        var (text, failure) = await ScriptSource.ReadAsync(path, displayName).ConfigureAwait(false);
        if (text is null) return failure!;
        var compiled = Compile(text, displayName, version);
        if (compiled.Assembly is null) return StageBuildResult.Failed([.. compiled.Diagnostics]);
        var (assembly, pdb, diagnostics) = compiled;
        var alc = new ScriptLoadContext($"script:{displayName}#{version}");
        var unloader = new ScriptUnloader(alc);
        try
        {
            var stage = await InstantiateAsync(alc, assembly, pdb!, context).ConfigureAwait(false);
            if (stage is null)
            {
                unloader.Dispose();
                return StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0002",
                    $"the script must declare 'async ValueTask {MethodName}(ICqlExchange exchange, StageNext next)' or end with 'return <an IStage>;'"));
            }
            return new StageBuildResult(new StageArtifact(stage, version, Fingerprint(path), unloader) { LoadContext = unloader.Context }, diagnostics);
        }
        catch (Exception e)
        {
            unloader.Dispose();
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            return StageBuildResult.Failed(StageDiagnostic.General(displayName, "SP0003", $"the script's top-level code failed: {inner.GetType().Name}: {inner.Message}"));
        }
    }

    /// <summary>Parses and compiles; returns the image and PDB, or null and the errors (as file:line:col).</summary>
    internal static (byte[]? Assembly, byte[]? Pdb, IReadOnlyList<StageDiagnostic> Diagnostics) Compile(string text, string displayName, int version)
    {
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(text, Encoding.UTF8), ParseOptions, displayName);
        var method = FindInvokeMethod(tree);
        if (method is not null)
        {
            // Make the top-level method the script's result; #line maps errors in this line to the method.
            int line = method.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            string suffix = $"\n#line {line} \"{displayName}\"\nreturn new System.Func<ICqlExchange, StageNext, System.Threading.Tasks.ValueTask>({MethodName});\n";
            tree = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(text.Length, 0), suffix)));
        }
        var compilation = CSharpCompilation.CreateScriptCompilation(
            $"ScriptProxy.Script{Interlocked.Increment(ref _sequence)}", tree, ScriptReferences.References, CompileOptions,
            previousScriptCompilation: null, returnType: typeof(object), globalsType: typeof(StageContext));
        using var peStream = new MemoryStream();
        using var pdbStream = new MemoryStream();
        EmitResult result = compilation.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var diagnostics = result.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => ToDiagnostic(d, displayName))
            .ToList();
        return result.Success ? (peStream.ToArray(), pdbStream.ToArray(), diagnostics) : (null, null, diagnostics);
    }

    private static MethodDeclarationSyntax? FindInvokeMethod(SyntaxTree tree) =>
        tree.GetCompilationUnitRoot().Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == MethodName);

    private static StageDiagnostic ToDiagnostic(Diagnostic d, string displayName)
    {
        var span = d.Location.GetMappedLineSpan();
        bool located = d.Location.IsInSource;
        return new StageDiagnostic(located ? span.Path : displayName, located ? span.StartLinePosition.Line + 1 : 0,
            located ? span.StartLinePosition.Character + 1 : 0, d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
            d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<IStage?> InstantiateAsync(ScriptLoadContext alc, byte[] image, byte[] pdb, StageContext context)
    {
        Assembly assembly;
        using (var pe = new MemoryStream(image))
        using (var symbols = new MemoryStream(pdb))
        {
            assembly = alc.LoadFromStream(pe, symbols);
        }
        // Roslyn's script entry point: static Task<object> Script.<Factory>(object[] submissions), where
        // submissions[0] is the globals object and the last slot receives this submission.
        var factory = (assembly.GetType(ScriptClassName) ?? throw new InvalidOperationException("The compiled script has no script class")).GetMethod("<Factory>", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("The compiled script has no <Factory> entry point");
        var run = Task.Run(() => (Task<object>)factory.Invoke(null, [new object?[] { context, null }])!);
        // Task.Run unwraps the script's task: one wait covers the whole top-level code.
        object? result = await run.WaitAsync(SetupTimeout).ConfigureAwait(false);
        return result switch
        {
            IStage stage => stage,
            Func<ICqlExchange, StageNext, ValueTask> invoke => new DelegateStage(invoke),
            _ => null,
        };
    }

    /// <summary>First-compile cost is dominated by Roslyn's own JIT; this warms it off the hot path at start-up.</summary>
    public static long Warm()
    {
        long start = Stopwatch.GetTimestamp();
        _ = Compile("return 1;", "warmup.csx", 0);
        return (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
