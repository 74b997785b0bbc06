namespace ScriptProxy.Host.Tests.Transforms.Limits;

/// <summary>RequestThrottling with the real Python driver through the proxy.</summary>
[Collection(TransformCollection.Name)]
public sealed class RequestThrottlingTests
{
    [Fact]
    public async Task PythonDriver_ExcessRequestsGetOverloaded_AndPassAgainAfterAPause()
    {
        // The burst lets the driver connect (its control connection reads a dozen system tables); 60 back-to-back reads exceed it.
        // 1 per second sustained: what refills while the 60 reads run stays small even if a loaded machine makes them take
        // 20 s (at 5 per second, 3 s of reads refilled enough to pass more than 50 of them).
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "RequestThrottling", "maxRequestsPerSecond": 1, "burst": 40}]""");
        var j = await bed.RunAsync("transforms_limits.py", "RequestThrottling");
        var results = j.GetProperty("results");
        int ok = results.TryGetProperty("ok", out var o) ? o.GetInt32() : 0;
        int overloaded = results.TryGetProperty("OverloadedErrorMessage/0x1001", out var v) ? v.GetInt32() : 0;
        Assert.True(ok + overloaded == 60, results.GetRawText());
        Assert.InRange(ok, 1, 50);
        Assert.InRange(overloaded, 10, 59);
        Assert.Contains("rate limit", j.GetProperty("overloaded_message").GetString());
        Assert.True(j.GetProperty("after_pause").GetBoolean());
    }
}
