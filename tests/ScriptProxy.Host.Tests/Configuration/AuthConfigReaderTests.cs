using ScriptProxy.Host.Configuration;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Configuration;

public sealed class AuthConfigReaderTests
{
    [Fact]
    public void Parse_NoAuthKeys_PassthroughWithoutCredentials()
    {
        var config = ConfigLoader.Parse("{}", "proxy.json");
        Assert.Equal(ClientAuthPolicy.Passthrough, config.ClientAuth);
        Assert.Null(config.UpstreamCredentials);
        Assert.Empty(config.EmbeddedUsers);
    }

    [Fact]
    public void Parse_LiteralCredentials_ImplyReplace()
    {
        var config = ConfigLoader.Parse("""{ "upstreamCredentials": { "username": "app", "password": "p:w" } }""", "proxy.json");
        Assert.Equal(ClientAuthPolicy.Replace, config.ClientAuth);
        Assert.Equal(new UpstreamCredentials("app", "p:w"), config.UpstreamCredentials);
        Assert.DoesNotContain("p:w", config.UpstreamCredentials!.ToString());
        Assert.Equal("\0app\0p:w"u8.ToArray(), config.UpstreamCredentials.PlainToken());
    }

    [Fact]
    public void Parse_CredentialsFromEnvironment_Resolved()
    {
        Environment.SetEnvironmentVariable("SP_TEST_AUTH_USER", "envuser");
        Environment.SetEnvironmentVariable("SP_TEST_AUTH_PW", "envpw");
        var config = ConfigLoader.Parse("""
            { "clientAuth": "replace", "upstreamCredentials": { "usernameEnv": "SP_TEST_AUTH_USER", "passwordEnv": "SP_TEST_AUTH_PW" } }
            """, "proxy.json");
        Assert.Equal(new UpstreamCredentials("envuser", "envpw"), config.UpstreamCredentials);
    }

    [Theory]
    [InlineData("""{ "upstreamCredentials": { "username": "app", "passwordEnv": "SP_TEST_AUTH_MISSING" } }""",
        "upstreamCredentials.passwordEnv", "environment variable SP_TEST_AUTH_MISSING is not set")]
    [InlineData("""{ "upstreamCredentials": { "usernameEnv": "SP_TEST_AUTH_MISSING", "password": "x" } }""",
        "upstreamCredentials.usernameEnv", "environment variable SP_TEST_AUTH_MISSING is not set")]
    [InlineData("""{ "clientAuth": "replace" }""", "upstreamCredentials", "required with \"clientAuth\": \"replace\"")]
    [InlineData("""{ "clientAuth": "passthrough", "upstreamCredentials": { "username": "a", "password": "b" } }""",
        "upstreamCredentials", "only used with \"clientAuth\": \"replace\"")]
    [InlineData("""{ "clientAuth": "swap" }""", "clientAuth", "expected one of: passthrough, replace, got \"swap\"")]
    [InlineData("""{ "upstreamCredentials": { "username": "a" } }""", "upstreamCredentials.password", "required: \"password\" or \"passwordEnv\"")]
    [InlineData("""{ "upstreamCredentials": { "username": "a", "password": "b", "passwordEnv": "X" } }""",
        "upstreamCredentials.passwordEnv", "either \"password\" or \"passwordEnv\"")]
    [InlineData("""{ "upstreamCredentials": { "username": "", "password": "b" } }""", "upstreamCredentials.username", "expected a non-empty string")]
    [InlineData("""{ "upstreamCredentials": { "user": "a", "password": "b" } }""", "upstreamCredentials.user", "unknown key")]
    [InlineData("""{ "upstreamCredentials": "a:b" }""", "upstreamCredentials", "expected an object")]
    [InlineData("""{ "upstream": "127.0.0.1:9142", "embedded": { "users": { "a": "b" } } }""", "embedded", "only applies to \"upstream\": \"embedded\"")]
    [InlineData("""{ "embedded": { "users": { "a": 1 } } }""", "embedded.users.a", "expected a string")]
    [InlineData("""{ "embedded": { "users": { "a": "" } } }""", "embedded.users.a", "expected a non-empty password")]
    [InlineData("""{ "embedded": { "roles": {} } }""", "embedded.roles", "unknown key")]
    public void Parse_Invalid_ErrorNamesFileKeyAndExpectation(string json, string key, string problem)
    {
        Environment.SetEnvironmentVariable("SP_TEST_AUTH_MISSING", null);
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "conf/proxy.json"));
        Assert.Equal("conf/proxy.json", e.File);
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"conf/proxy.json: '{key}': ", e.Message);
    }

    [Fact]
    public void Parse_EmbeddedUsers_BecomeSuperusers()
    {
        var config = ConfigLoader.Parse("""{ "embedded": { "users": { "cassandra": "cassandra", "app": "pw" } } }""", "proxy.json");
        Assert.Equal([new NodeUser("cassandra", "cassandra"), new NodeUser("app", "pw")], config.EmbeddedUsers);
    }
}
