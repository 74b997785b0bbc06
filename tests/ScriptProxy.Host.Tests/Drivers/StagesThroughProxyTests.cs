using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>The shipped sample stages and the sample plugin, through the proxy, with the real Python driver and the embedded node.</summary>
[Collection(nameof(TimingSensitive))]
public sealed class StagesThroughProxyTests
{
    [Theory]
    [InlineData("4", "none")]
    [InlineData("4", "lz4")]
    [InlineData("3", "snappy")]
    [InlineData("5", "none")]
    [InlineData("5", "lz4")]
    public async Task PythonDriver_SampleStages(string protocol, string compression)
    {
        await using var sample = await SampleStagesProxy.StartAsync();
        var proxy = sample.Proxy;
        var r = await DriverProcess.PythonAsync("stages.py", TimeSpan.FromSeconds(120), proxy.EndPoint.Port.ToString(), protocol, compression);
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(int.Parse(protocol), j.GetProperty("protocol").GetInt32());
        Assert.Equal("unauthorized", j.GetProperty("billing_query").GetString());
        Assert.Equal("unauthorized", j.GetProperty("billing_execute").GetString());
        Assert.Equal("unauthorized", j.GetProperty("billing_unqualified").GetString());
        Assert.Equal(0, j.GetProperty("billing_rows").GetInt32());
        Assert.Equal("""[[1,"ann","***"],[2,"bob","***"]]""", j.GetProperty("legacy_rows").GetRawText().Replace(" ", ""));
        Assert.Equal("""["bob","***"]""", j.GetProperty("prepared_row").GetRawText().Replace(" ", ""));
        Assert.Equal(200, j.GetProperty("loop_answered").GetInt32());
        Assert.Equal("""[[0,200000,"a"],[1,200000,"b"],[2,200000,"c"]]""", j.GetProperty("big_rows").GetRawText().Replace(" ", ""));
        var status = proxy.Stages!.Manager.Status();
        Assert.All(status, s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.LastFault}"));
        Assert.All(status, s => Assert.True(s.Invocations > 200, $"{s.Name}: {s.Invocations} calls"));
    }
}
