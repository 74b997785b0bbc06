using System.Security.Cryptography.X509Certificates;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// TLS on a client-facing listener (<c>listeners[i].tls</c>): the server certificate with its private key,
/// from a PKCS#12 file (<c>certificate</c> + optional <c>password</c>) or PEM files (<c>certificate</c> + <c>key</c>,
/// <c>password</c> for an encrypted key). Loaded when the config is read, so a bad file fails start-up.
/// </summary>
public sealed record ListenerTlsConfig(string CertificatePath, string? KeyPath, X509Certificate2 Certificate);
