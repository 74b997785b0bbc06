using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ScriptProxy.Host.Tests.Support;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// A node certificate for the 3-node test cluster: signed by the test CA (<see cref="TestCertificates.CaPem"/>), valid
/// for 127.0.0.1, 127.0.0.2 and 127.0.0.3, so the proxy can check every node against its own address (no
/// <c>serverName</c>), as against a cluster whose nodes each carry a certificate naming their address.
/// </summary>
internal static class ClusterTlsCertificates
{
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public static X509Certificate2 Nodes => Shared.Value;

    private static X509Certificate2 Create()
    {
        var ca = TestCertificates.Instance.Ca;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ScriptProxy test cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        for (int i = 1; i <= 3; i++) san.AddIpAddress(IPAddress.Parse($"127.0.0.{i}"));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var signed = request.Create(ca, now.AddDays(-1), now.AddDays(29), [9, 8, 7, 6, 5, 4, 3, 2]);
        using var withKey = signed.CopyWithPrivateKey(key);
        // Through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
