using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Client.Tests.Support;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Client.Tests;

/// <summary>
/// <see cref="CqlConnectionOptions.Tls"/> against an embedded node that accepts TLS only: the handshake, then every
/// framing over the SslStream; a certificate the options do not trust fails the connect.
/// </summary>
public sealed class CqlConnectionTlsTests : IAsyncLifetime
{
    private static readonly X509Certificate2 Certificate = CreateCertificate();
    private readonly EmbeddedNode _node = new(new EmbeddedNodeOptions { TlsCertificate = Certificate });

    public Task InitializeAsync() => _node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));

    public Task DisposeAsync() => _node.DisposeAsync().AsTask();

    [Theory]
    [MemberData(nameof(ClientFramings.All), MemberType = typeof(ClientFramings))]
    public async Task TrustedCertificate_QueriesInTheNegotiatedFraming(byte version, string? compression)
    {
        await using var connection = await CqlConnection.ConnectAsync(_node.LocalEndPoint!,
            new CqlConnectionOptions { Version = version, Compression = compression, Tls = Trusting(Certificate.Thumbprint), ConnectTimeout = TimeSpan.FromSeconds(30) });
        var rows = Assert.IsType<RowsResult>(await connection.QueryAsync("SELECT release_version FROM system.local"));
        Assert.Equal(1, rows.RowCount);
    }

    [Fact]
    public async Task UntrustedCertificate_FailsTheConnect()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() => CqlConnection.ConnectAsync(_node.LocalEndPoint!,
            new CqlConnectionOptions { Tls = Trusting("0000"), ConnectTimeout = TimeSpan.FromSeconds(30) }));
    }

    /// <summary>Accepts exactly the certificate with <paramref name="thumbprint"/> (a self-signed test certificate has no CA to chain to).</summary>
    private static SslClientAuthenticationOptions Trusting(string thumbprint) => new()
    {
        TargetHost = "127.0.0.1",
        RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && c.Thumbprint == thumbprint,
    };

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
