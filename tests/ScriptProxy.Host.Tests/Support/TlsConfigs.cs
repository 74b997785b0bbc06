using System.Net;
using System.Text.Json;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>Builds TLS configs through the real <see cref="ConfigLoader"/>, so tests exercise the documented keys.</summary>
public static class TlsConfigs
{
    /// <summary>Parses <c>{"listeners": [{"port": 0, "tls": tlsJson}], "upstream": ..., "upstreamTls": ...}</c>.</summary>
    public static ProxyConfig Parse(IPEndPoint upstream, string? listenerTlsJson = null, string? upstreamTlsJson = null)
    {
        string listener = listenerTlsJson is null ? "{\"port\": 0}" : $"{{\"port\": 0, \"tls\": {listenerTlsJson}}}";
        string json = $"{{\"listeners\": [{listener}], \"upstream\": \"{upstream}\"{(upstreamTlsJson is null ? "" : $", \"upstreamTls\": {upstreamTlsJson}")}}}";
        return ConfigLoader.Parse(json, Path.Combine(TestCertificates.Instance.Folder, "proxy.json"));
    }

    public static string Quote(string s) => JsonSerializer.Serialize(s);

    /// <summary>The listener TLS object for the test leaf as a password-protected PKCS#12 file.</summary>
    public static string PfxListener => $"{{\"certificate\": {Quote(TestCertificates.Instance.LeafPfx)}, \"password\": {Quote(TestCertificates.Password)}}}";

    /// <summary>The listener TLS object for the test leaf as PEM certificate + key.</summary>
    public static string PemListener => $"{{\"certificate\": {Quote(TestCertificates.Instance.LeafPem)}, \"key\": {Quote(TestCertificates.Instance.LeafKeyPem)}}}";

    /// <summary>Applies the parsed TLS parts to a harness config (which keeps its own port 0 listener and timeouts).</summary>
    public static Func<ProxyConfig, ProxyConfig> Apply(ProxyConfig parsed) => c => c with
    {
        Listeners = [c.Listeners[0] with { Tls = parsed.Listeners[0].Tls }],
        UpstreamTls = parsed.UpstreamTls,
    };
}
