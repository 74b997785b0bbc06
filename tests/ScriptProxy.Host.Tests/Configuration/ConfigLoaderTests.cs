using System.Net;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Parse_ShippedProxyJson_IsValid()
    {
        string path = Path.Combine(RepoRoot(), "proxy.json");
        var config = ConfigLoader.Load(path);
        Assert.Equal(9042, config.Listeners[0].Port);
        Assert.Equal(IPAddress.Loopback, config.Listeners[0].Address);
        Assert.Equal(path, config.Source);
    }

    [Fact]
    public void Parse_AllKeys_Applied()
    {
        var config = ConfigLoader.Parse("""
            { "listeners": [ { "address": "127.0.0.2", "port": 19042 }, { "port": 19043 } ],
              "upstream": "127.0.0.1:9999", "maxFrameBytes": 1048576, "validateRequests": false,
              "shutdownTimeoutSeconds": 3, "connectTimeoutSeconds": 2, "logLevel": "debug", }
            """, "x.json");
        Assert.Equal(2, config.Listeners.Count);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), config.Listeners[0].Address);
        Assert.Equal(19043, config.Listeners[1].Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9999), config.Upstream.EndPoint);
        Assert.Equal(1048576, config.MaxFrameBytes);
        Assert.False(config.ValidateRequests);
        Assert.Equal(TimeSpan.FromSeconds(3), config.ShutdownTimeout);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, config.LogLevel);
    }

    [Fact]
    public void Parse_Embedded_Recognised() =>
        Assert.True(ConfigLoader.Parse("""{ "upstream": "embedded" }""", "x.json").Upstream.Embedded);

    [Theory]
    [InlineData("""{ "listners": [] }""", "listners", "unknown key")]
    [InlineData("""{ "listeners": [ { "port": "abc" } ] }""", "listeners[0].port", "expected an integer from 0 to 65535, got \"abc\"")]
    [InlineData("""{ "listeners": [ { "port": 70000 } ] }""", "listeners[0].port", "got 70000")]
    [InlineData("""{ "listeners": [ { "address": "nowhere" } ] }""", "listeners[0].address", "expected an IP address")]
    [InlineData("""{ "listeners": [ { "adress": "127.0.0.1" } ] }""", "listeners[0].adress", "unknown key")]
    [InlineData("""{ "listeners": [] }""", "listeners", "non-empty array")]
    [InlineData("""{ "upstream": "cassandra" }""", "upstream", "expected \"embedded\" or an IP endpoint")]
    [InlineData("""{ "upstream": 9142 }""", "upstream", "got 9142")]
    [InlineData("""{ "maxFrameBytes": 10 }""", "maxFrameBytes", "from 1024 to 268435456")]
    [InlineData("""{ "validateRequests": "yes" }""", "validateRequests", "expected true or false")]
    [InlineData("""{ "logLevel": "loud" }""", "logLevel", "expected one of")]
    [InlineData("""{ "requestTimeoutSeconds": -1 }""", "requestTimeoutSeconds", "from 0 to 86400")]
    [InlineData("""{ "listeners": [ """, "(syntax)", "not valid JSON at line 1")]
    [InlineData("""[]""", "$", "JSON object")]
    public void Parse_Invalid_NamesFileKeyAndExpectation(string json, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "conf/proxy.json"));
        Assert.Equal("conf/proxy.json", e.File);
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("conf/proxy.json: '" + key + "'", e.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesFile()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("/nonexistent/proxy.json"));
        Assert.Equal("/nonexistent/proxy.json", e.File);
        Assert.Contains("cannot be read", e.Message);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ScriptProxy.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repo root not found");
    }
}
