using System.Text.Json;
using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Abstractions.Tests.Stages;

public sealed class StageContextTests
{
    [Fact]
    public void Settings_TypedAccessAndLog()
    {
        var logged = new List<string>();
        StageContext context;
        using (var doc = JsonDocument.Parse("""{"ks":"billing","n":42,"flag":true,"none":null}"""))
            context = new StageContext("scripts/a.csx", doc.RootElement, logged.Add); // the context clones: the document may go away
        Assert.Equal("billing", context.Setting("ks"));
        Assert.Equal("true", context.Setting("flag"));
        Assert.Equal("dflt", context.Setting("none", "dflt"));
        Assert.Null(context.Setting("missing"));
        Assert.Equal(42L, context.Setting("n", 0L));
        Assert.Equal(7L, context.Setting("ks", 7L));
        context.Log("hello");
        Assert.Equal(["hello"], logged);
    }

    [Fact]
    public void Settings_AbsentOrNotAnObject_IsEmptyObject()
    {
        Assert.Equal(JsonValueKind.Object, new StageContext("x", null, _ => { }).Settings.ValueKind);
        using var doc = JsonDocument.Parse("[1]");
        Assert.Empty(new StageContext("x", doc.RootElement, _ => { }).Settings.EnumerateObject());
    }
}
