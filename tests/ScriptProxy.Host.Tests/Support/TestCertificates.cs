using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// A self-signed CA and a leaf for 127.0.0.1/localhost signed by it, generated once per test run and written to a
/// temp folder as PKCS#12 (with and without a password), PEM certificate + key, and the CA as PEM.
/// A second, unrelated CA is there to prove verification really happens.
/// </summary>
public sealed class TestCertificates
{
    public const string Password = "s3cret-pfx";

    private static readonly Lazy<TestCertificates> Shared = new(() => new TestCertificates());

    private TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("scriptproxy-tls-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=ScriptProxy Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = leafRequest.Create(Ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4, 5, 6, 7, 8]);
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        Leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        using var otherKey = RSA.Create(2048);
        OtherCa = new CertificateRequest("CN=Unrelated CA", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        File.WriteAllBytes(LeafPfx, withKey.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllBytes(LeafPfxNoPassword, withKey.Export(X509ContentType.Pkcs12));
        File.WriteAllText(LeafPem, withKey.ExportCertificatePem());
        File.WriteAllText(LeafKeyPem, leafKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CaPem, Ca.ExportCertificatePem());
        File.WriteAllText(OtherCaPem, OtherCa.ExportCertificatePem());
    }

    public static TestCertificates Instance => Shared.Value;

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    /// <summary>The leaf with its private key, usable as a server certificate.</summary>
    public X509Certificate2 Leaf { get; }

    public string LeafPfx => Path.Combine(Folder, "leaf.pfx");

    public string LeafPfxNoPassword => Path.Combine(Folder, "leaf-nopass.pfx");

    public string LeafPem => Path.Combine(Folder, "leaf.pem");

    public string LeafKeyPem => Path.Combine(Folder, "leaf.key");

    public string CaPem => Path.Combine(Folder, "ca.pem");

    public string OtherCaPem => Path.Combine(Folder, "other-ca.pem");

    /// <summary>Client-side validation against <paramref name="ca"/> only (what a driver configured with a CA file does).</summary>
    public static System.Net.Security.SslClientAuthenticationOptions ClientOptions(X509Certificate2 ca, string targetHost = "127.0.0.1")
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        return new System.Net.Security.SslClientAuthenticationOptions { TargetHost = targetHost, CertificateChainPolicy = policy };
    }
}
