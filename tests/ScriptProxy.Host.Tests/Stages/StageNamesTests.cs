using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>
/// Unique stage names for chains not read from proxy.json (cluster up's added stages, the pipeline manager's own pass),
/// and finding a stage by its name or a short form of it, as the admin API and the CLI do.
/// </summary>
public sealed class StageNamesTests
{
    private static StageDefinition Builtin(string name, string? explicitName = null, int index = 0) =>
        new() { Kind = StageKind.Builtin, Source = name, ExplicitName = explicitName, ConfigKey = $"stages[{index}]" };

    private static StageDefinition Script(string path, string? explicitName = null) =>
        new() { Kind = StageKind.CSharp, Source = path, ExplicitName = explicitName };

    [Fact]
    public void Assign_RepeatedDefaultsSuffixed_AndAssigningAgainChangesNothing()
    {
        var named = StageNames.Assign([Builtin("PeersRewrite"), Builtin("QueryCounter", "outer"), Builtin("QueryCounter"), Builtin("QueryCounter"), Builtin("PeersRewrite")]);
        Assert.Equal(["PeersRewrite", "outer", "QueryCounter", "QueryCounter#2", "PeersRewrite#2"], named.Select(d => d.Name));
        // The pipeline manager assigns again what the config reader assigned: same names, same definitions.
        Assert.Equal(named, StageNames.Assign(named));
    }

    [Fact]
    public void Assign_ExplicitNameTakenByADefault_ThrowsNamingBothStages()
    {
        var e = Assert.Throws<ConfigException>(() => StageNames.Assign([Builtin("Cache", index: 0), Builtin("QueryCounter", "cache", index: 1)]));
        Assert.Equal("stages[1].name", e.Key);
        Assert.Contains("stages[0].builtin", e.Problem);
    }

    [Fact]
    public void PipelineManager_ChainWithRepeatedStages_RuntimesHaveUniqueNames()
    {
        var manager = new PipelineManager([Builtin("Passthrough"), Builtin("Passthrough")], Path.GetTempPath(), StageBed.RelaxedJs, NullLoggerFactory.Instance);
        Assert.Equal(["Passthrough", "Passthrough#2"], manager.Status().Select(s => s.Name));
        Assert.Equal(["Passthrough", "Passthrough#2"], manager.LiveStages().Select(s => s.Name));
    }

    [Theory]
    [InlineData("scripts/deny.csx", 0)]
    [InlineData("deny.csx", 0)]
    [InlineData("deny", 0)]
    [InlineData("scripts/deny.csx#2", 1)]
    [InlineData("deny.csx#2", 1)]
    [InlineData("DENY#2", 1)]
    [InlineData("QueryCounter", 2)]
    [InlineData("querycounter#2", 3)]
    [InlineData("audit", 4)]
    [InlineData("deny#3", -1)]
    [InlineData("other", -1)] // an explicitly named stage answers to its name only, not to its file's
    [InlineData("QueryCounter#3", -1)]
    public void Find_ByUniqueNameOrFileNameWithSuffix(string name, int expected)
    {
        var named = StageNames.Assign([Script("scripts/deny.csx"), Script("scripts/deny.csx"), Builtin("QueryCounter"), Builtin("QueryCounter"),
            Script("scripts/other.csx", "audit")]);
        var runtimes = named.Select(d => new StageRuntime(d, NullLogger.Instance)).ToList();
        Assert.Equal(expected, StageOperations.Find(runtimes, name));
    }
}
