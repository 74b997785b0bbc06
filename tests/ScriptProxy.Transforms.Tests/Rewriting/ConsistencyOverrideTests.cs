using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Rewriting;

public class ConsistencyOverrideTests
{
    [Fact]
    public async Task Writes_and_reads_get_their_configured_levels()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var stage = Stages.Create("ConsistencyOverride", """{"write": "LocalQuorum", "read": "LocalOne"}""");

        await c.Run(new QueryRequest("INSERT INTO users (id) VALUES (1)", Consistency.Any), stage);
        await c.Run(new QueryRequest("SELECT * FROM users", Consistency.All), stage);
        await c.Run(new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("DELETE FROM users WHERE id = 1")], Consistency.One), stage);

        Assert.Equal(Consistency.LocalQuorum, ((QueryRequest)node.Received[0]).Parameters.Consistency);
        Assert.Equal(Consistency.LocalOne, ((QueryRequest)node.Received[1]).Parameters.Consistency);
        Assert.Equal(Consistency.LocalQuorum, ((BatchRequest)node.Received[2]).Consistency);
    }

    [Fact]
    public async Task Prepared_executions_are_overridden_too_and_untouched_kinds_pass_as_they_are()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var stage = Stages.Create("ConsistencyOverride", """{"write": "Quorum"}""");
        var prepared = await c.Prepare("INSERT INTO users (id) VALUES (?)", stage);

        await c.Execute(prepared, [new CqlValueSlice(new byte[] { 0, 0, 0, 9 })], stage);
        await c.Run(new QueryRequest("SELECT * FROM users", Consistency.Two), stage);

        Assert.Equal(Consistency.Quorum, ((ExecuteRequest)node.Received[1]).Parameters.Consistency);
        Assert.Equal(Consistency.Two, ((QueryRequest)node.Received[2]).Parameters.Consistency);
    }

    [Fact]
    public void Bad_levels_are_config_errors()
    {
        Assert.Contains("'stages[0].consistency': expected one of: Any, One", Assert.Throws<TransformConfigException>(() => Stages.Create("ConsistencyOverride", """{"consistency": "LOCAL-QUORUM"}""")).Message);
        Assert.Contains("ANY is only valid for writes", Assert.Throws<TransformConfigException>(() => Stages.Create("ConsistencyOverride", """{"read": "Any"}""")).Message);
        Assert.Contains("at least one of", Assert.Throws<TransformConfigException>(() => Stages.Create("ConsistencyOverride", "{}")).Message);
    }
}
