using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Configuration;

public sealed class StageConfigReaderTests : IDisposable
{
    private readonly StageBed _bed = new();

    public StageConfigReaderTests()
    {
        _bed.Write("scripts/a.csx", "return null;");
        _bed.Write("scripts/b.js", "function onRequest(e) {}");
        _bed.Write("plugins/Audit/Audit.dll", "");
    }

    public void Dispose() => _bed.Dispose();

    private ProxyConfig Parse(string json) => ConfigLoader.Parse(json, Path.Combine(_bed.Root, "proxy.json"));

    [Fact]
    public void Parse_Stages_AllKeysApplied()
    {
        var config = Parse("""
            { "stages": [
                { "builtin": "Passthrough" },
                { "script": "scripts/a.csx", "timeoutMs": 50, "failure": "closed", "quarantineFaults": 3, "quarantineWindowMs": 2000, "settings": { "k": 1 } },
                { "script": "scripts/b.js" },
                { "plugin": "plugins/Audit" } ],
              "reload": { "polling": true, "debounceMs": 500 },
              "jsLimits": { "timeoutMs": 20, "maxStatements": 1000, "memoryBytes": 1048576 } }
            """);
        Assert.Equal([StageKind.Builtin, StageKind.CSharp, StageKind.JavaScript, StageKind.Plugin], config.Stages.Select(s => s.Kind));
        var csx = config.Stages[1];
        Assert.Equal((TimeSpan.FromMilliseconds(50), FailurePolicy.Closed, 3, TimeSpan.FromSeconds(2)), (csx.Timeout, csx.Failure, csx.QuarantineFaults, csx.QuarantineWindow));
        Assert.Equal(1, csx.ParseSettings().GetProperty("k").GetInt32());
        Assert.Equal(FailurePolicy.Open, config.Stages[2].Failure);
        Assert.True(config.Reload.Polling);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Reload.Debounce);
        Assert.Equal((TimeSpan.FromMilliseconds(20), 1000, 1048576L), (config.JsLimits.Timeout, config.JsLimits.MaxStatements, config.JsLimits.MemoryBytes));
    }

    [Fact]
    public void Parse_Inline_PerStage_DefaultIsolated()
    {
        var config = Parse("""
            { "stages": [
                { "builtin": "Passthrough", "inline": true },
                { "script": "scripts/a.csx", "inline": false },
                { "script": "scripts/b.js", "inline": true },
                { "plugin": "plugins/Audit" } ] }
            """);
        Assert.Equal([true, false, true, false], config.Stages.Select(s => s.Inline));
        // A builtin's host keys are not handed to the transform as its own settings (it would reject "inline").
        Assert.Contains("inline", StageConfigReader.HostKeys);
    }

    [Fact]
    public void Parse_Names_ExplicitOrDefaultWithSuffixForRepeats()
    {
        var config = Parse("""
            { "stages": [
                { "builtin": "QueryCounter" },
                { "builtin": "Passthrough" },
                { "builtin": "QueryCounter" },
                { "builtin": "QueryCounter", "name": "inner" },
                { "builtin": "queryCounter" },
                { "script": "scripts/a.csx" },
                { "script": "scripts/a.csx", "settings": { "k": 2 } },
                { "script": "scripts/b.js", "name": "Bee" } ] }
            """);
        // Only stages going by their default count towards its suffix ("inner" does not); defaults compare case-insensitively.
        Assert.Equal(["QueryCounter", "Passthrough", "QueryCounter#2", "inner", "queryCounter#3", "scripts/a.csx", "scripts/a.csx#2", "Bee"],
            config.Stages.Select(s => s.Name));
        Assert.Equal([null, null, null, "inner", null, null, null, "Bee"], config.Stages.Select(s => s.ExplicitName));
        // A builtin's "name" belongs to the host: the transform must not see it as a setting of its own.
        Assert.Contains("name", StageConfigReader.HostKeys);
    }

    [Theory]
    [InlineData("""{ "stages": [ { "builtin": "Passthrough", "name": "x" }, { "builtin": "QueryCounter", "name": "X" } ] }""", "stages[1].name", "stages[0].name")]
    [InlineData("""{ "stages": [ { "builtin": "QueryCounter" }, { "builtin": "Passthrough", "name": "QueryCounter" } ] }""", "stages[1].name", "stages[0].builtin")]
    [InlineData("""{ "stages": [ { "builtin": "Passthrough", "name": "QueryCounter" }, { "builtin": "QueryCounter" } ] }""", "stages[0].name", "stages[1].builtin")]
    [InlineData("""{ "stages": [ { "builtin": "QueryCounter" }, { "builtin": "QueryCounter" }, { "script": "scripts/a.csx", "name": "QueryCounter#2" } ] }""", "stages[2].name", "stages[1].builtin")]
    [InlineData("""{ "stages": [ { "script": "scripts/b.js", "name": "b" }, { "script": "scripts/a.csx" }, { "script": "scripts/b.js", "name": "b" } ] }""", "stages[2].name", "stages[0].name")]
    public void Parse_TwoStagesWithOneName_NamesFileAndBothKeys(string json, string key, string otherKey)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(json));
        Assert.Equal(key, e.Key);
        Assert.StartsWith(Path.Combine(_bed.Root, "proxy.json") + ": '" + key + "'", e.Message);
        Assert.Contains(otherKey, e.Problem);
        Assert.Contains("distinct \"name\"", e.Problem);
    }

    [Theory]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "inline": "yes" } ] }""", "stages[0].inline", "expected true or false")]
    [InlineData("""{ "stages": [ { "builtin": "Passthrough", "inline": 1 } ] }""", "stages[0].inline", "expected true or false")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx" }, { "plugin": "plugins/Audit", "inline": null } ] }""", "stages[1].inline", "expected true or false")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "inLine": true } ] }""", "stages[0].inLine", "unknown key")]
    [InlineData("""{ "stages": {} }""", "stages", "expected an array")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "plugin": "plugins/Audit" } ] }""", "stages[0]", "exactly one of")]
    [InlineData("""{ "stages": [ { "timeoutMs": 5 } ] }""", "stages[0]", "exactly one of")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.py" } ] }""", "stages[0].script", ".csx or .js")]
    [InlineData("""{ "stages": [ { "script": "scripts/missing.csx" } ] }""", "stages[0].script", "file not found")]
    [InlineData("""{ "stages": [ { "plugin": "plugins/Nope" } ] }""", "stages[0].plugin", "file not found")]
    [InlineData("""{ "stages": [ { "builtin": "Nope" } ] }""", "stages[0].builtin", "unknown builtin")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "timeout": 5 } ] }""", "stages[0].timeout", "unknown key")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "failure": "maybe" } ] }""", "stages[0].failure", "expected one of: Open, Closed")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "timeoutMs": 0 } ] }""", "stages[0].timeoutMs", "from 1 to")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "settings": [] } ] }""", "stages[0].settings", "expected an object")]
    [InlineData("""{ "stages": [ { "builtin": "Passthrough", "name": 5 } ] }""", "stages[0].name", "expected a non-empty string, got 5")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx" }, { "script": "scripts/b.js", "name": "" } ] }""", "stages[1].name", "expected a non-empty string")]
    [InlineData("""{ "stages": [ { "builtin": "Passthrough", "name": null } ] }""", "stages[0].name", "expected a non-empty string, got null")]
    [InlineData("""{ "stages": [ { "plugin": "plugins/Audit", "name": "audit/v2" } ] }""", "stages[0].name", "without '/'")]
    [InlineData("""{ "stages": [ { "plugin": "plugins/Audit", "name": " audit" } ] }""", "stages[0].name", "leading or trailing spaces")]
    [InlineData("""{ "stages": [ { "script": "scripts/a.csx", "Name": "x" } ] }""", "stages[0].Name", "unknown key")]
    [InlineData("""{ "reload": { "poll": true } }""", "reload.poll", "unknown key")]
    [InlineData("""{ "jsLimits": { "timeoutMs": "x" } }""", "jsLimits.timeoutMs", "expected an integer")]
    public void Parse_Invalid_NamesFileAndKey(string json, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(json));
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(Path.Combine(_bed.Root, "proxy.json") + ": '" + key + "'", e.Message);
    }
}
