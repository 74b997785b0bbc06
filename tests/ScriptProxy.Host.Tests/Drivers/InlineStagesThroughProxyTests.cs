using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// Inline stages (a C# stage reading every request's keyspace and table, and a JS stage with both hooks) under the real
/// Python driver with 64 requests in flight: every request is answered exactly once, with its own row.
/// </summary>
[Collection(nameof(TimingSensitive))]
public sealed class InlineStagesThroughProxyTests : IDisposable
{
    private const int Count = 1500;
    private readonly StageBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public async Task PythonDriver_ConcurrentRequests_EachAnsweredOnceWithItsOwnRow(string protocol)
    {
        _bed.Write("scripts/read.csx", """
            long seen;
            ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
            {
                if (exchange.Request.Keyspace is not null && exchange.Request.Table is not null) seen++;
                return next(exchange);
            }
            """);
        _bed.Write("scripts/hooks.js", """
            let rows = 0;
            function onRequest(exchange) { if (exchange.request.keyspace === 'nope') exchange.respond('Unauthorized', 'no'); }
            function onResponse(exchange) { rows += exchange.response.rowCount; }
            """);
        await using var proxy = await ProxyHarness.EmbeddedWithStagesAsync(c => c with
        {
            Stages = [StageBed.Script("scripts/read.csx") with { Inline = true }, StageBed.Script("scripts/hooks.js") with { Inline = true }],
            Source = Path.Combine(_bed.Root, "proxy.json"),
            // The shipped 50 ms JS limit is for a quiet machine: a thread stalled on a loaded one would count a fault.
            JsLimits = StageBed.RelaxedJs,
        });
        Assert.True(proxy.Stages!.Manager.Store.Current.Inline);
        var r = await DriverProcess.PythonAsync("inline_stages.py", TimeSpan.FromSeconds(150), proxy.EndPoint.Port.ToString(), protocol, Count.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        Assert.Equal(int.Parse(protocol), j.GetProperty("protocol").GetInt32());
        Assert.Equal(2 * Count, j.GetProperty("sent").GetInt64());
        Assert.Equal(2 * Count, j.GetProperty("answered").GetInt64());
        Assert.True(j.GetProperty("error_count").GetInt64() == 0, j.GetProperty("errors").GetRawText());
        Assert.True(j.GetProperty("wrong_count").GetInt64() == 0, j.GetProperty("wrong").GetRawText());
        Assert.Equal(0, j.GetProperty("duplicates").GetInt64());
        var status = proxy.Stages.Manager.Status();
        Assert.All(status, s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.LastFault}"));
        Assert.All(status, s => Assert.True(s.Invocations >= 2 * Count, $"{s.Name}: {s.Invocations} calls"));
    }
}
