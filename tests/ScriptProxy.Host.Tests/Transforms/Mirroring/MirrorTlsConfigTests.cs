using Microsoft.Extensions.Logging.Abstractions;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Transforms;
using ScriptProxy.Transforms.Mirroring;

namespace ScriptProxy.Host.Tests.Transforms.Mirroring;

/// <summary>
/// Tee's and DualWrite's <c>tls</c> is read by the same code as <c>upstreamTls</c> when the stage is built: errors
/// name the file and the key under the stage, and relative file names are relative to proxy.json's folder.
/// </summary>
public sealed class MirrorTlsConfigTests
{
    private static readonly string ConfigFile = Path.Combine(TestCertificates.Instance.Folder, "proxy.json");

    /// <summary>Builds stages[1] (after a Passthrough) from proxy.json text, as the stage builder does.</summary>
    private static Abstractions.Stages.IStage Build(string stage)
    {
        var stages = ConfigLoader.Parse($$"""{"stages": [{"builtin": "Passthrough"}, {{stage}}]}""", ConfigFile).Stages;
        return Host.Stages.BuiltinStages.Create(stages[1], NullLoggerFactory.Instance, [], new ClientDepartures());
    }

    private static string Error(string stage) => Assert.Throws<TransformConfigException>(() => Build(stage)).Message;

    [Fact]
    public void RelativeCaFile_IsFoundNextToProxyJson()
    {
        var tee = Assert.IsType<Tee>(Build("""{"builtin": "Tee", "upstream": "127.0.0.1:9042", "tls": {"caCertificate": "ca.pem", "serverName": "localhost"}}"""));
        tee.Dispose();
    }

    [Fact]
    public void MissingCaFile_NamesFileAndKey()
    {
        string message = Error("""{"builtin": "Tee", "upstream": "127.0.0.1:9042", "tls": {"caCertificate": "nope.pem"}}""");
        Assert.Equal($"{ConfigFile}: 'stages[1].tls.caCertificate': file \"{Path.Combine(TestCertificates.Instance.Folder, "nope.pem")}\" not found", message);
    }

    [Fact]
    public void NotACertificate_NamesTheKey()
    {
        string junk = Path.Combine(TestCertificates.Instance.Folder, "junk-ca.pem");
        File.WriteAllText(junk, "not a certificate");
        string tls = $$"""{"caCertificate": {{TlsConfigs.Quote(junk)}}}""";
        string message = Error($$"""{"builtin": "DualWrite", "target": "127.0.0.1:9042", "tls": {{tls}}}""");
        Assert.StartsWith($"{ConfigFile}: 'stages[1].tls.caCertificate': cannot read a certificate", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ca": "ca.pem"}""", "'stages[1].tls.ca': unknown key; expected one of: enabled, caCertificate, serverName, insecureSkipVerify")]
    [InlineData("""{"caCertificate": "ca.pem", "insecureSkipVerify": true}""", "'stages[1].tls.insecureSkipVerify': cannot be true together with \"caCertificate\"")]
    [InlineData("""{"enabled": "yes"}""", "'stages[1].tls.enabled': expected true or false")]
    [InlineData("\"ca.pem\"", "'stages[1].tls': expected an object like")]
    public void BadTlsObject_NamesTheKey(string tls, string expected)
    {
        Assert.Contains(expected, Error($$"""{"builtin": "DualWrite", "target": "127.0.0.1:9042", "tls": {{tls}}}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void UpstreamTls_StillReadTheSameWay()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""{"upstreamTls": {"caCertificate": "nope.pem"}}""", ConfigFile));
        Assert.Equal("upstreamTls.caCertificate", e.Key);
    }
}
