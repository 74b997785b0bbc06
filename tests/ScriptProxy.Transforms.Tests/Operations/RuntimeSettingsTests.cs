using ScriptProxy.Transforms.Mirroring;
using ScriptProxy.Transforms.Operations;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Operations;

public class RuntimeSettingsTests
{
    private static BuiltinContext Context() =>
        new("proxy.json", "stages[0]") { ConnectUpstream = (_, _) => ValueTask.FromResult<ScriptProxy.Transforms.Support.ISecondaryUpstream>(new NodeUpstream(Fixtures.Shop())) };

    private static Dictionary<string, string> Changes(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Tee_switches_both_keys_together_case_insensitively_and_keeps_the_configured_values()
    {
        var tee = Stages.Create<Tee>("""{"upstream": "127.0.0.9:9042", "mismatch": "LogOnMismatch"}""", Context());
        var before = tee.Settings;
        var after = tee.Switch(Changes(("MISMATCH", "failonmismatch"), ("resultSource", "secondary")));
        Assert.Equal("FailOnMismatch", after["mismatch"]);
        Assert.Equal("Secondary", after["resultSource"]);
        Assert.Equal(new TeeSettings(TeeResultSource.Secondary, TeeMismatch.FailOnMismatch), tee.Settings);
        Assert.NotSame(before, tee.Settings); // replaced whole, never changed in place
        Assert.Equal(new TeeSettings(TeeResultSource.Primary, TeeMismatch.LogOnMismatch), before);
        Assert.Equal("LogOnMismatch", tee.ConfiguredSettings["mismatch"]);
        Assert.Equal("Primary", tee.ConfiguredSettings["resultSource"]);
    }

    [Theory]
    [InlineData("mismatch", "Sometimes", "'mismatch': expected one of: Ignore, LogOnMismatch, FailOnMismatch, got \"Sometimes\"")]
    [InlineData("mismatch", "2", "'mismatch': expected one of")]
    [InlineData("resultSource", "", "'resultSource': expected one of: Primary, Secondary")]
    [InlineData("timeoutMs", "10", "'timeoutMs': not a setting that can be switched at run time; expected: resultSource, mismatch")]
    public void Tee_refuses_a_bad_switch_naming_the_key_and_changes_nothing(string key, string value, string message)
    {
        var tee = Stages.Create<Tee>("""{"upstream": "127.0.0.9:9042"}""", Context());
        // A good value for the other key in the same request is not applied either.
        var good = key == "resultSource" ? ("mismatch", "LogOnMismatch") : ("resultSource", "Secondary");
        var e = Assert.Throws<SettingSwitchException>(() => tee.Switch(Changes(good, (key, value))));
        Assert.StartsWith(message, e.Message);
        Assert.Equal(new TeeSettings(TeeResultSource.Primary, TeeMismatch.Ignore), tee.Settings);
    }

    [Fact]
    public void DualWrite_switches_reads_and_refuses_anything_else()
    {
        var dual = Stages.Create<DualWrite>("""{"target": "127.0.0.9:9042"}""", Context());
        Assert.Equal("Target", dual.Switch(Changes(("reads", "target")))["reads"]);
        Assert.Equal(DualWriteReads.Target, dual.Reads);
        Assert.Equal("Origin", dual.ConfiguredSettings["reads"]);
        Assert.Throws<SettingSwitchException>(() => dual.Switch(Changes(("reads", "Both"))));
        Assert.Throws<SettingSwitchException>(() => dual.Switch(Changes(("mismatch", "Ignore"))));
        Assert.Equal(DualWriteReads.Target, dual.Reads);
    }
}
