using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Stages;

/// <summary>A pipeline version runs inline only when every one of its stages is declared inline.</summary>
public sealed class PipelineSnapshotInlineTests : IDisposable
{
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData(new[] { true }, true)]
    [InlineData(new[] { true, true }, true)]
    [InlineData(new[] { true, false }, false)]
    [InlineData(new[] { false, true }, false)]
    [InlineData(new[] { false }, false)]
    public async Task Inline_OnlyWhenEveryStageIsInline(bool[] inline, bool expected)
    {
        var stages = inline.Select((i, n) => new StageDefinition { Kind = StageKind.Builtin, Source = "Passthrough", Inline = i, ConfigKey = $"stages[{n}]" }).ToArray();
        Assert.Empty(await _bed.StartAsync(stages));
        Assert.Equal(expected, _bed.Store.Current.Inline);
    }

    [Fact]
    public void EmptyPipeline_IsNotInline() => Assert.False(PipelineSnapshot.Empty.Inline);
}
