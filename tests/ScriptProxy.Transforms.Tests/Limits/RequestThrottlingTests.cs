using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Limits;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Limits;

public class RequestThrottlingTests
{
    [Fact]
    public async Task Burst_passes_then_excess_is_overloaded_until_time_refills_the_bucket()
    {
        var time = new ManualTime();
        var c = Fixtures.Connect(Fixtures.Shop());
        var stage = Stages.Create<RequestThrottling>("""{"maxRequestsPerSecond": 10, "burst": 3}""", Stages.Context(time));

        for (int i = 0; i < 3; i++) Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", stage));
        Stages.AssertError(await c.Query("SELECT * FROM users", stage), ErrorCode.Overloaded, "rate limit");
        time.Advance(TimeSpan.FromMilliseconds(100)); // one emission interval at 10/s
        Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", stage));
        Stages.AssertError(await c.Query("SELECT * FROM users", stage), ErrorCode.Overloaded);
        Assert.Equal(2, stage.RejectedCount);
    }

    [Fact]
    public async Task Per_client_buckets_are_independent()
    {
        var time = new ManualTime();
        var node = Fixtures.Shop();
        var a = new TestConnection(node) { Keyspace = "shop", Client = "10.0.0.1:1000" };
        var a2 = new TestConnection(node) { Keyspace = "shop", Client = "10.0.0.1:1001" };
        var b = new TestConnection(node) { Keyspace = "shop", Client = "10.0.0.2:1000" };
        var stage = Stages.Create("RequestThrottling", """{"maxRequestsPerSecond": 1, "burst": 1, "perClient": true}""", Stages.Context(time));

        Assert.IsType<RowsResult>(await a.Query("SELECT * FROM users", stage));
        Stages.AssertError(await a2.Query("SELECT * FROM users", stage), ErrorCode.Overloaded, "client 10.0.0.1");
        Assert.IsType<RowsResult>(await b.Query("SELECT * FROM users", stage));
    }

    [Fact]
    public void Rate_is_required()
    {
        Assert.Contains("'stages[0].maxRequestsPerSecond': is required", Assert.Throws<TransformConfigException>(() => Stages.Create("RequestThrottling", "{}")).Message);
    }
}
