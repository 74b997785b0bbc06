using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Tests.Operations;

public sealed class AdminServerTests
{
    private static readonly AdminConfig Loopback = new(true, IPAddress.Loopback, 0, null);

    [Fact]
    public async Task Metrics_CountExactlyTheTrafficSent()
    {
        await using var upstream = new FakeCqlUpstream();
        await using var proxy = new ProxyHarness(upstream.EndPoint);
        await using var admin = await AdminServer.StartAsync(Loopback, proxy.Server.Metrics, [], new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information));
        using var http = new HttpClient { BaseAddress = admin.BaseAddress };

        await using (var client = await RawCqlClient.ConnectAsync(proxy.EndPoint))
        {
            await client.SendAsync([.. Frames.Options(0), .. Frames.Startup(1)]);
            for (short i = 2; i < 9; i++) await client.SendAsync(Frames.Query(i, "SELECT 1"));
            await client.SendAsync(Frames.Envelope(4, Abstractions.Frames.FrameFlags.None, 50, 0x04, [])); // answered by the proxy
            for (int i = 0; i < 10; i++) await client.ReadFrameAsync();
            string text = await http.GetStringAsync("metrics");
            Assert.Equal(1, Value(text, "scriptproxy_requests_total", "opcode=\"OPTIONS\""));
            Assert.Equal(1, Value(text, "scriptproxy_requests_total", "opcode=\"STARTUP\""));
            Assert.Equal(7, Value(text, "scriptproxy_requests_total", "opcode=\"QUERY\""));
            Assert.Equal(7, Value(text, "scriptproxy_request_duration_seconds_count", "opcode=\"QUERY\""));
            Assert.Equal(1, Value(text, "scriptproxy_proxy_errors_total", "code=\"0x000A\""));
            Assert.Equal(1, Value(text, "scriptproxy_connections_open", null));
            Assert.Equal(1, Value(text, "scriptproxy_connections_by_protocol_version", "version=\"4\""));
            Assert.Equal(upstream.Received.Length, Value(text, "scriptproxy_bytes_total", "direction=\"client_to_upstream\""));
        }
        await WaitForAsync(async () => Value(await http.GetStringAsync("metrics"), "scriptproxy_connections_open", null) == 0);
    }

    [Fact]
    public async Task Ready_FollowsUpstreamAvailability()
    {
        var upstream = new FakeCqlUpstream();
        var endPoint = upstream.EndPoint;
        // A refused connect fails at once; the timeout only bounds a connect that a loaded machine is slow to finish.
        await using var connector = new TcpUpstreamConnector(endPoint, TimeSpan.FromSeconds(10));
        await using var admin = await AdminServer.StartAsync(Loopback, new ProxyMetrics(), [new UpstreamReadinessCheck(connector)], new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information));
        using var http = new HttpClient { BaseAddress = admin.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/ready")).StatusCode);
        await upstream.DisposeAsync();
        var down = await http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains(endPoint.ToString(), await down.Content.ReadAsStringAsync());
        var listener = new System.Net.Sockets.TcpListener(endPoint); // the upstream is back on the same port
        listener.Start();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/ready")).StatusCode);
        }
        finally
        {
            listener.Stop();
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/live")).StatusCode);
    }

    [Fact]
    public async Task Token_RequiredWhenConfigured()
    {
        var config = Loopback with { Token = "0123456789abcdef-secret" };
        await using var admin = await AdminServer.StartAsync(config, new ProxyMetrics(), [], new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information));
        using var http = new HttpClient { BaseAddress = admin.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("metrics")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-wrong-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("metrics")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("metrics")).StatusCode);
    }

    [Fact]
    public void Config_NonLoopbackWithoutToken_Refused()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""{ "admin": { "address": "0.0.0.0" } }""", "p.json"));
        Assert.Equal("admin.address", e.Key);
        Assert.Contains("requires \"admin.token\"", e.Message);
        var ok = ConfigLoader.Parse("""{ "admin": { "address": "0.0.0.0", "token": "0123456789abcdef" } }""", "p.json");
        Assert.Equal(IPAddress.Any, ok.Admin.Address);
    }

    [Fact]
    public async Task LogLevel_ChangedAtRunTime()
    {
        var levels = new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information);
        await using var admin = await AdminServer.StartAsync(Loopback, new ProxyMetrics(), [], levels);
        using var http = new HttpClient { BaseAddress = admin.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync("log-level", new StringContent("Debug"))).StatusCode);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, levels.Level);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PutAsync("log-level", new StringContent("loud"))).StatusCode);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, levels.Level);
    }

    private static double Value(string metrics, string name, string? label)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
            var m = Regex.Match(line, @"^(\w+)(\{[^}]*\})? (\S+)$");
            if (!m.Success || m.Groups[1].Value != name) continue;
            if (label is not null && !m.Groups[2].Value.Contains(label, StringComparison.Ordinal)) continue;
            return double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return double.NaN;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 50; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail("condition not met within 5 s");
    }
}
