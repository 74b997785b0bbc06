using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScriptProxy.Host.Configuration;

/// <summary>Loads certificate files named in proxy.json; every failure names the file and the key that named it.</summary>
internal static class TlsFileLoader
{
    /// <summary>A server certificate with its private key: PKCS#12 (.pfx/.p12) or PEM certificate + key.</summary>
    public static X509Certificate2 LoadServerCertificate(string file, string prefix, string certificatePath, string? keyPath, string? password)
    {
        RequireFile(file, prefix + ".certificate", certificatePath);
        if (keyPath is not null) RequireFile(file, prefix + ".key", keyPath);
        X509Certificate2 certificate;
        try
        {
            if (keyPath is null)
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
            }
            else
            {
                certificate = password is null
                    ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
                // An ephemeral PEM key is not usable by every TLS backend; a PKCS#12 round trip makes it a regular one.
                using var pem = certificate;
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (CryptographicException e)
        {
            string key = password is not null ? prefix + ".password" : keyPath is not null ? prefix + ".key" : prefix + ".certificate";
            string what = password is not null ? " (wrong password?)" : keyPath is null ? " (a PKCS#12 file needs \"password\" if it is encrypted; PEM needs \"key\")" : "";
            throw new ConfigException(file, key, $"cannot load the certificate from \"{certificatePath}\"{what}: {e.Message}");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ConfigException(file, prefix + ".certificate", $"\"{certificatePath}\" has no private key; a server certificate needs one (PKCS#12, or PEM with \"key\")");
        }
        return certificate;
    }

    /// <summary>One or more CA certificates (PEM bundle or DER) to trust for the upstream.</summary>
    public static X509Certificate2Collection LoadCaCertificates(string file, string key, string path)
    {
        RequireFile(file, key, path);
        var collection = new X509Certificate2Collection();
        try
        {
            if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal)) collection.ImportFromPemFile(path);
            else collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (CryptographicException e)
        {
            throw new ConfigException(file, key, $"cannot read a certificate from \"{path}\": {e.Message}");
        }
        if (collection.Count == 0) throw new ConfigException(file, key, $"\"{path}\" holds no certificate");
        return collection;
    }

    private static void RequireFile(string file, string key, string path)
    {
        if (!File.Exists(path)) throw new ConfigException(file, key, $"file \"{path}\" not found");
    }
}
