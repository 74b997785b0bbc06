using System.Net;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Configuration;

/// <summary><c>listeners[i].tls</c> and <c>upstreamTls</c>: certificates are loaded with the config, and every error names the file and the key.</summary>
public sealed class TlsConfigTests
{
    private static readonly TestCertificates Certs = TestCertificates.Instance;
    private static readonly IPEndPoint Upstream = new(IPAddress.Loopback, 9142);

    private static string Q(string s) => TlsConfigs.Quote(s);

    private static ConfigException Fails(string? listenerTls = null, string? upstreamTls = null, string upstream = "127.0.0.1:9142")
    {
        string listener = listenerTls is null ? "{\"port\": 0}" : $"{{\"port\": 0, \"tls\": {listenerTls}}}";
        string json = $"{{\"listeners\": [{listener}], \"upstream\": \"{upstream}\"{(upstreamTls is null ? "" : $", \"upstreamTls\": {upstreamTls}")}}}";
        return Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "proxy.json"));
    }

    [Fact]
    public void Parse_PfxWithPassword_LoadsCertificateWithKey()
    {
        var config = TlsConfigs.Parse(Upstream, TlsConfigs.PfxListener);
        var tls = config.Listeners[0].Tls!;
        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.Equal(Certs.Leaf.Thumbprint, tls.Certificate.Thumbprint);
        Assert.False(config.UpstreamTls.Enabled);
    }

    [Fact]
    public void Parse_PemCertificateAndKey_LoadsCertificateWithKey()
    {
        var tls = TlsConfigs.Parse(Upstream, TlsConfigs.PemListener).Listeners[0].Tls!;
        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.Equal(Certs.Leaf.Thumbprint, tls.Certificate.Thumbprint);
    }

    [Fact]
    public void Load_RelativePaths_ResolvedAgainstTheConfigFolder()
    {
        string path = Path.Combine(Certs.Folder, "relative.json");
        File.WriteAllText(path, $$"""
            { "listeners": [ { "port": 0, "tls": { "certificate": "leaf-nopass.pfx" } } ],
              "upstream": "127.0.0.1:9142", "upstreamTls": { "caCertificate": "ca.pem", "serverName": "localhost" } }
            """);
        var config = ConfigLoader.Load(path);
        Assert.Equal(Certs.LeafPfxNoPassword, config.Listeners[0].Tls!.CertificatePath);
        Assert.True(config.UpstreamTls.Enabled);
        Assert.Equal("localhost", config.UpstreamTls.ServerName);
        Assert.Equal(Certs.Ca.Thumbprint, Assert.Single(config.UpstreamTls.CaCertificates!).Thumbprint);
    }

    [Fact]
    public void Parse_MissingCertificateFile_NamesFileAndKey()
    {
        var e = Fails($"{{\"certificate\": {Q("/nonexistent/proxy.pfx")}}}");
        Assert.Equal("listeners[0].tls.certificate", e.Key);
        Assert.Equal("proxy.json", e.File);
        Assert.Contains("\"/nonexistent/proxy.pfx\" not found", e.Message);
    }

    [Fact]
    public void Parse_WrongPfxPassword_NamesPasswordKey()
    {
        var e = Fails($"{{\"certificate\": {Q(Certs.LeafPfx)}, \"password\": \"wrong\"}}");
        Assert.Equal("listeners[0].tls.password", e.Key);
        Assert.Contains(Certs.LeafPfx, e.Message);
        Assert.Contains("wrong password", e.Message);
    }

    [Fact]
    public void Parse_PasswordProtectedPfxWithoutPassword_NamesCertificateKey()
    {
        var e = Fails($"{{\"certificate\": {Q(Certs.LeafPfx)}}}");
        Assert.Equal("listeners[0].tls.certificate", e.Key);
        Assert.Contains("password", e.Message);
    }

    [Fact]
    public void Parse_PemWithoutKey_ExplainsTheKeyIsNeeded()
    {
        var e = Fails($"{{\"certificate\": {Q(Certs.LeafPem)}}}");
        Assert.Equal("listeners[0].tls.certificate", e.Key);
        Assert.Contains("\"key\"", e.Message);
    }

    [Fact]
    public void Parse_MissingKeyFile_NamesKeyKey()
    {
        var e = Fails($"{{\"certificate\": {Q(Certs.LeafPem)}, \"key\": {Q(Certs.Folder + "/missing.key")}}}");
        Assert.Equal("listeners[0].tls.key", e.Key);
    }

    [Fact]
    public void Parse_CertificateMissingFromTlsObject_IsAnError()
    {
        Assert.Equal("listeners[0].tls.certificate", Fails("{\"password\": \"x\"}").Key);
    }

    [Fact]
    public void Parse_UnknownTlsKey_IsAnError()
    {
        var e = Fails($"{{\"certificate\": {Q(Certs.LeafPfxNoPassword)}, \"cert\": \"x\"}}");
        Assert.Equal("listeners[0].tls.cert", e.Key);
        Assert.Contains("unknown key", e.Message);
    }

    [Fact]
    public void Parse_UpstreamCaMissing_NamesFileAndKey()
    {
        var e = Fails(upstreamTls: $"{{\"caCertificate\": {Q("/nonexistent/ca.pem")}}}");
        Assert.Equal("upstreamTls.caCertificate", e.Key);
        Assert.Contains("/nonexistent/ca.pem", e.Message);
    }

    [Fact]
    public void Parse_UpstreamCaNotACertificate_NamesFileAndKey()
    {
        var e = Fails(upstreamTls: $"{{\"caCertificate\": {Q(Certs.LeafKeyPem)}}}");
        Assert.Equal("upstreamTls.caCertificate", e.Key);
    }

    [Fact]
    public void Parse_UpstreamTlsWithEmbeddedNode_IsAnError()
    {
        var e = Fails(upstreamTls: "{\"enabled\": true}", upstream: "embedded");
        Assert.Equal("upstreamTls.enabled", e.Key);
    }

    [Fact]
    public void Parse_InsecureSkipVerifyWithCa_IsAnError()
    {
        var e = Fails(upstreamTls: $"{{\"caCertificate\": {Q(Certs.CaPem)}, \"insecureSkipVerify\": true}}");
        Assert.Equal("upstreamTls.insecureSkipVerify", e.Key);
    }

    [Fact]
    public void Parse_UpstreamTlsDisabled_IsNotUsed()
    {
        var config = TlsConfigs.Parse(Upstream, upstreamTlsJson: "{\"enabled\": false}");
        Assert.False(config.UpstreamTls.Enabled);
    }
}
