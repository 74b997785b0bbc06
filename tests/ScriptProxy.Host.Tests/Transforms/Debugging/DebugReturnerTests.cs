namespace ScriptProxy.Host.Tests.Transforms.Debugging;

/// <summary>DebugReturner with the real Python driver: matching statements get the configured rows or error.</summary>
[Collection(TransformCollection.Name)]
public sealed class DebugReturnerTests
{
    [Fact]
    public async Task PythonDriver_GetsTheConfiguredAnswers_OtherStatementsPass()
    {
        await using var bed = await TransformBed.StartAsync("""
            [{"builtin": "DebugReturner", "match": "FROM fake\\.users",
              "response": {"rows": {"columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "text"}], "values": [[1, "ann"], [2, "bob"]]}}},
             {"builtin": "DebugReturner", "match": "FROM fake\\.busy", "response": {"error": {"code": "Overloaded", "message": "try later"}}}]
            """);
        var j = await bed.RunAsync("transforms_debugging.py", "DebugReturner");
        Assert.Equal("""[[1,"ann"],[2,"bob"]]""", j.GetProperty("fake_rows").GetRawText().Replace(" ", ""));
        Assert.Equal("OverloadedErrorMessage/0x1001", j.GetProperty("busy").GetString());
        Assert.Equal("4.0.11", j.GetProperty("real").GetString());
    }
}
