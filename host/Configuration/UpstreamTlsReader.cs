using System.Text.Json;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// Reads an upstream TLS object ({"enabled", "caCertificate", "serverName", "insecureSkipVerify"}): the proxy's
/// top-level <c>upstreamTls</c> and the <c>tls</c> of Tee's and DualWrite's second cluster share it, so both have the
/// same keys, defaults and error messages. CA files are loaded here, once.
/// </summary>
internal static class UpstreamTlsReader
{
    /// <param name="key">The JSON path of the object, e.g. "upstreamTls" or "stages[1].tls"; errors name keys under it.</param>
    public static UpstreamTlsConfig Read(ConfigLoader.Reader r, JsonElement e, string key)
    {
        if (e.ValueKind != JsonValueKind.Object) throw r.Error(key, "expected an object like {\"enabled\": true, \"caCertificate\": \"ca.pem\"}", e);
        r.RejectUnknown(e, key, ["enabled", "caCertificate", "serverName", "insecureSkipVerify"]);
        bool enabled = !e.TryGetProperty("enabled", out var en) || r.Bool(en, key + ".enabled");
        var ca = e.TryGetProperty("caCertificate", out var c) ? TlsFileLoader.LoadCaCertificates(r.File, key + ".caCertificate", r.FilePath(c, key + ".caCertificate")) : null;
        string? serverName = e.TryGetProperty("serverName", out var sn) ? r.String(sn, key + ".serverName") : null;
        bool insecure = e.TryGetProperty("insecureSkipVerify", out var iv) && r.Bool(iv, key + ".insecureSkipVerify");
        if (insecure && ca is not null)
            throw new ConfigException(r.File, key + ".insecureSkipVerify", "cannot be true together with \"caCertificate\" (either verify against the CA or skip verification)");
        return new UpstreamTlsConfig(enabled, ca, serverName, insecure);
    }
}
