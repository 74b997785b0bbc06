using System.Net;
using System.Text.Json;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// The real Python driver's PlainTextAuthProvider through the proxy to a node with PasswordAuthenticator:
/// "passthrough" hands SASL through untouched (right password in, wrong password out with 0x0100), "replace" logs every
/// client in with the configured credentials whatever the client sent.
/// </summary>
public sealed class AuthThroughProxyTests
{
    private static readonly NodeUser[] Users = [new("cassandra", "cassandra")];

    private static async Task<JsonElement> RunAsync(ProxyHarness proxy, params string[] args)
    {
        var r = await DriverProcess.PythonAsync("auth.py", TimeSpan.FromSeconds(60), [proxy.EndPoint.Port.ToString(), .. args]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Json;
    }

    private static ProxyHarness EmbeddedWithUsers(Func<ProxyConfig, ProxyConfig>? more = null) =>
        ProxyHarness.Embedded(c => (more ?? (x => x))(c with { EmbeddedUsers = Users }));

    private static ProxyConfig Replace(ProxyConfig c, string user, string password) =>
        c with { ClientAuth = ClientAuthPolicy.Replace, UpstreamCredentials = new UpstreamCredentials(user, password) };

    [Theory]
    [InlineData("default", "none", 5)]
    [InlineData("4", "lz4", 4)]
    public async Task Passthrough_RightPassword_LoggedIn(string protocol, string compression, int expected)
    {
        await using var proxy = EmbeddedWithUsers();
        var j = await RunAsync(proxy, "cassandra", "cassandra", protocol, compression);
        Assert.True(j.GetProperty("connected").GetBoolean(), j.ToString());
        Assert.Equal(expected, j.GetProperty("protocol").GetInt32());
        Assert.Equal("cassandra", j.GetProperty("rows")[0][1].GetString());
    }

    [Fact]
    public async Task Passthrough_WrongPassword_Rejected0100()
    {
        await using var proxy = EmbeddedWithUsers();
        var j = await RunAsync(proxy, "cassandra", "wrong");
        Assert.False(j.GetProperty("connected").GetBoolean());
        Assert.Equal("AuthenticationFailed", j.GetProperty("error_type").GetString());
        Assert.Contains("code=0100", j.GetProperty("error").GetString());
        Assert.Contains("Provided username cassandra and/or password are incorrect", j.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("default", "none", 5)]
    [InlineData("5", "lz4", 5)]
    [InlineData("4", "snappy", 4)]
    [InlineData("3", "none", 3)]
    public async Task Replace_WrongClientPassword_LoggedInAsConfiguredUser(string protocol, string compression, int expected)
    {
        await using var proxy = EmbeddedWithUsers(c => Replace(c, "cassandra", "cassandra"));
        var j = await RunAsync(proxy, "mallory", "not-the-password", protocol, compression);
        Assert.True(j.GetProperty("connected").GetBoolean(), j.ToString());
        Assert.Equal(expected, j.GetProperty("protocol").GetInt32());
        Assert.Equal("ok", j.GetProperty("ddl").GetString());
    }

    [Fact]
    public async Task Replace_WrongConfiguredPassword_Rejected0100NamingTheConfiguredUser()
    {
        await using var proxy = EmbeddedWithUsers(c => Replace(c, "cassandra", "stale"));
        var j = await RunAsync(proxy, "mallory", "cassandra");
        Assert.False(j.GetProperty("connected").GetBoolean());
        Assert.Contains("Provided username cassandra and/or password are incorrect", j.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Replace_TcpUpstream_LoggedInWithThatNodesUser()
    {
        await using var node = new EmbeddedNode(new EmbeddedNodeOptions { Users = [new NodeUser("svc", "svc-pw")] });
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = new ProxyHarness(node.LocalEndPoint!, c => Replace(c, "svc", "svc-pw"));
        var j = await RunAsync(proxy, "cassandra", "cassandra", "4");
        Assert.True(j.GetProperty("connected").GetBoolean(), j.ToString());
        Assert.Equal("ok", j.GetProperty("ddl").GetString());
    }
}
