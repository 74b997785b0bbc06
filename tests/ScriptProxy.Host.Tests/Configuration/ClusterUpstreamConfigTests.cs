using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Upstreams;
using ScriptProxy.Host.Upstreams.Cluster;
using Xunit;

namespace ScriptProxy.Host.Tests.Configuration;

/// <summary><c>"upstream": {"contactPoints": [...]}</c>: the cluster sink's configuration.</summary>
public sealed class ClusterUpstreamConfigTests
{
    [Fact]
    public async Task ContactPoints_MakeAClusterUpstream()
    {
        var config = ConfigLoader.Parse("""{ "upstream": { "contactPoints": ["127.0.0.1:9142", "127.0.0.2:9142"], "connectionsPerNode": 1 } }""", "p.json");
        Assert.True(config.Upstream.IsCluster);
        Assert.False(config.Upstream.Embedded);
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:9142"), IPEndPoint.Parse("127.0.0.2:9142")], config.Upstream.ContactPoints);
        Assert.Equal(config.Upstream, ConfigLoader.Parse("""{ "upstream": { "contactPoints": ["127.0.0.1:9142", "127.0.0.2:9142"] } }""", "p.json").Upstream);
        await using var connector = UpstreamFactory.Create(config, NullLoggerFactory.Instance);
        Assert.IsType<ClusterUpstreamConnector>(connector);
        Assert.Equal("cluster 127.0.0.1:9142,127.0.0.2:9142", connector.Description);
    }

    [Fact]
    public async Task ContactPoints_WithUpstreamTlsAndCredentials_ReachTheClusterSink()
    {
        var config = ConfigLoader.Parse(
            """{ "upstream": { "contactPoints": ["127.0.0.1:9142"] }, "upstreamTls": { "insecureSkipVerify": true }, "upstreamCredentials": { "username": "u", "password": "p" } }""", "p.json");
        Assert.True(config.UpstreamTls.Enabled);
        Assert.Equal(ClientAuthPolicy.Replace, config.ClientAuth);
        await using var connector = UpstreamFactory.Create(config, NullLoggerFactory.Instance);
        var access = ((ClusterUpstreamConnector)connector).Topology.Access;
        Assert.Same(config.UpstreamTls, access.Tls);
        Assert.Equal("u", access.Credentials!.Username);
        Assert.Equal("p.json", access.ConfigFile);
        Assert.Equal("cluster 127.0.0.1:9142 (TLS)", connector.Description);
    }

    [Fact]
    public void ContactPoints_PassthroughWithCredentials_AllowedForTheProxysOwnConnections()
    {
        var config = ConfigLoader.Parse(
            """{ "upstream": { "contactPoints": ["127.0.0.1:9142"] }, "clientAuth": "passthrough", "upstreamCredentials": { "username": "u", "password": "p" } }""", "p.json");
        Assert.Equal(ClientAuthPolicy.Passthrough, config.ClientAuth);
        Assert.Equal("u", config.UpstreamCredentials!.Username);
        // A single upstream has no connection of the proxy's own: the same keys stay an error there.
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(
            """{ "upstream": "127.0.0.1:9142", "clientAuth": "passthrough", "upstreamCredentials": { "username": "u", "password": "p" } }""", "p.json"));
        Assert.Contains("'upstreamCredentials'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringForms_StillWork()
    {
        Assert.True(ConfigLoader.Parse("""{ "upstream": "embedded" }""", "p.json").Upstream.Embedded);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9142"), ConfigLoader.Parse("""{ "upstream": "127.0.0.1:9142" }""", "p.json").Upstream.EndPoint);
    }

    [Theory]
    [InlineData("""{ "upstream": {} }""", "'upstream.contactPoints'")]
    [InlineData("""{ "upstream": { "contactPoints": [] } }""", "'upstream.contactPoints'")]
    [InlineData("""{ "upstream": { "contactPoints": ["localhost"] } }""", "'upstream.contactPoints[0]'")]
    [InlineData("""{ "upstream": { "contactPoints": ["127.0.0.1:9042"], "pool": 2 } }""", "'upstream.pool'")]
    [InlineData("""{ "upstream": { "contactPoints": ["127.0.0.1:9042"], "connectionsPerNode": 4 } }""", "'upstream.connectionsPerNode'")]
    [InlineData("""{ "upstream": { "contactPoints": ["127.0.0.1:9042"] }, "upstreamTls": { "insecureSkipVerify": "yes" } }""", "'upstreamTls.insecureSkipVerify'")]
    [InlineData("""{ "upstream": { "contactPoints": ["127.0.0.1:9042"] }, "clientAuth": "replace" }""", "'upstreamCredentials'")]
    public void Invalid_NamesTheKeyAndTheFile(string json, string key)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "conf/proxy.json"));
        Assert.Contains("conf/proxy.json", e.Message);
        Assert.Contains(key, e.Message);
    }
}
