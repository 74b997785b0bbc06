using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ScriptProxy.Host.Scripting.CSharp;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Scripting.CSharp;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Plugins;

[Collection(MeasurementCollection.Name)]
public sealed class PluginStageBuilderTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private static readonly StageDefinition Audit = new() { Kind = StageKind.Plugin, Source = "plugins/Audit", SettingsJson = """{"prefix":"audit"}""" };

    /// <summary>Builds a real plugin DLL (as its own project would) that tags queries with <paramref name="tag"/>.</summary>
    private void WritePlugin(string tag)
    {
        string source = $$"""
            using System.Threading.Tasks;
            using ScriptProxy.Abstractions.Stages;
            namespace AuditPlugin;
            public sealed class AuditStage(StageContext context) : IStage
            {
                private readonly string _prefix = context.Setting("prefix") ?? "?";
                public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
                {
                    exchange.Request.SetQuery(exchange.Request.Query + " /*" + _prefix + ":{{tag}}*/");
                    await next(exchange);
                }
            }
            """;
        var compilation = CSharpCompilation.Create("Audit", [CSharpSyntaxTree.ParseText(source)], ScriptReferences.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        string dir = Path.Combine(_bed.Root, "plugins", "Audit");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "Audit.dll.tmp"), image.ToArray());
        File.Move(Path.Combine(dir, "Audit.dll.tmp"), Path.Combine(dir, "Audit.dll"), overwrite: true);
    }

    [Fact]
    public async Task Load_PluginWithContextConstructor_Runs()
    {
        WritePlugin("v1");
        Assert.Empty(await _bed.StartAsync(Audit));
        var ex = await _bed.RunAsync("SELECT 1");
        Assert.Equal("SELECT 1 /*audit:v1*/", ex.Response!.GetCell(0, "query"));
        Assert.Equal(StageKind.Plugin, Assert.Single(_bed.Manager!.Status()).Kind);
    }

    [Fact]
    public async Task Replace20Times_LeavesNoLiveLoadContexts()
    {
        WritePlugin("v0");
        await _bed.StartAsync(Audit);
        var retired = new List<WeakReference>();
        for (int i = 1; i <= 20; i++)
        {
            retired.Add(_bed.Manager!.LiveArtifacts.Single()!.LoadContext!);
            WritePlugin("v" + i);
            Assert.Empty(await _bed.Manager.ReloadAsync());
            Assert.Equal($"q /*audit:v{i}*/", (await _bed.RunAsync("q")).Response!.GetCell(0, "query"));
        }
        Assert.Equal(0, await CSharpStageBuilderTests.CollectUntilUnloadedAsync(retired));
        Assert.Equal(21, Assert.Single(_bed.Manager!.Status()).LiveVersion);
    }

    [Fact]
    public async Task SamplePlugin_FromTheSolutionBuild_LoadsAndPassesThrough()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ScriptProxy.sln"))) dir = Path.GetDirectoryName(dir)!;
        string built = Path.Combine(dir, "plugins", "Audit");
        Directory.CreateDirectory(Path.Combine(_bed.Root, "plugins", "Audit"));
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(_bed.Root, "plugins", "Audit", Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(built, "ScriptProxy.Abstractions.dll")), "the plugin must not ship its own abstractions");
        Assert.Empty(await _bed.StartAsync(new StageDefinition { Kind = StageKind.Plugin, Source = "plugins/Audit", SettingsJson = """{"kinds":["Read"]}""" }));
        Assert.Equal("SELECT 1", (await _bed.RunAsync("SELECT 1")).Response!.GetCell(0, "query"));
        Assert.Equal(0, Assert.Single(_bed.Manager!.Status()).Faults);
    }

    [Fact]
    public async Task Load_NoStageType_IsAnError()
    {
        string dir = Path.Combine(_bed.Root, "plugins", "Audit");
        Directory.CreateDirectory(dir);
        var compilation = CSharpCompilation.Create("Audit", [CSharpSyntaxTree.ParseText("public class Nothing {}")], ScriptReferences.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.True(compilation.Emit(Path.Combine(dir, "Audit.dll")).Success);
        var diagnostics = await _bed.StartAsync(Audit);
        Assert.Contains(diagnostics, d => d.Id == "SP0201");
    }
}
