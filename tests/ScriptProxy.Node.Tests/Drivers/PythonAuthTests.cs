using System.Text.Json;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>The real Python driver's PlainTextAuthProvider against the node with PasswordAuthenticator on.</summary>
public sealed class PythonAuthTests
{
    private static readonly EmbeddedNodeOptions WithUsers = new()
    {
        ClusterName = "Test Cluster",
        Users = [new NodeUser("cassandra", "cassandra"), new NodeUser("reader", "rpw", Superuser: false)],
    };

    private static async Task<JsonElement> RunAsync(params string[] args)
    {
        await using var server = await NodeServer.StartAsync(WithUsers);
        var r = await DriverProcess.PythonAsync("auth.py", TimeSpan.FromSeconds(60), [server.Port.ToString(), .. args]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Json;
    }

    [Theory]
    [InlineData("default", "none", 5)]
    [InlineData("5", "lz4", 5)]
    [InlineData("4", "lz4", 4)]
    [InlineData("4", "snappy", 4)]
    [InlineData("3", "none", 3)]
    public async Task RightPassword_LogsInWithMetadataSync(string protocol, string compression, int expected)
    {
        var j = await RunAsync("cassandra", "cassandra", protocol, compression);
        Assert.True(j.GetProperty("connected").GetBoolean(), j.ToString());
        Assert.Equal(expected, j.GetProperty("protocol").GetInt32());
        Assert.Equal("ok", j.GetProperty("ddl").GetString());
        Assert.Equal("cassandra", j.GetProperty("rows")[0][1].GetString());
    }

    [Fact]
    public async Task WrongPassword_AuthenticationFailed_WithCassandrasMessage()
    {
        var j = await RunAsync("cassandra", "wrong");
        Assert.False(j.GetProperty("connected").GetBoolean());
        Assert.Equal("AuthenticationFailed", j.GetProperty("error_type").GetString());
        var error = j.GetProperty("error").GetString()!;
        Assert.Contains("code=0100", error);
        Assert.Contains("Provided username cassandra and/or password are incorrect", error);
    }

    [Fact]
    public async Task NonSuperuser_SchemaChange_Unauthorized2100()
    {
        var j = await RunAsync("reader", "rpw", "4");
        Assert.True(j.GetProperty("connected").GetBoolean(), j.ToString());
        Assert.Equal("Unauthorized", j.GetProperty("ddl").GetString());
        Assert.Contains("code=2100", j.GetProperty("ddl_message").GetString());
        Assert.Contains("User reader has no CREATE permission", j.GetProperty("ddl_message").GetString());
    }
}
