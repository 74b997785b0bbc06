using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Wraps a connected socket in an authenticated SslStream and hands back the pipe transport over it.</summary>
public static class TlsHandshake
{
    private static readonly SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The server side, for a TLS listener. Disposes the socket when the handshake fails.</summary>
    public static async Task<SocketTransport> AsServerAsync(Socket socket, ListenerTlsConfig tls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = tls.Certificate,
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = false,
        };
        await AuthenticateAsync(ssl, t => ssl.AuthenticateAsServerAsync(options, t), timeout, cancellationToken).ConfigureAwait(false);
        return new SocketTransport(socket, ssl);
    }

    /// <summary>The client side, to a TLS upstream. Disposes the socket when the handshake or the certificate check fails.</summary>
    public static async Task<SocketTransport> AsClientAsync(Socket socket, UpstreamTlsConfig tls, string defaultServerName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = ClientOptions(tls, defaultServerName);
        await AuthenticateAsync(ssl, t => ssl.AuthenticateAsClientAsync(options, t), timeout, cancellationToken).ConfigureAwait(false);
        return new SocketTransport(socket, ssl);
    }

    /// <summary>
    /// How the proxy checks an upstream's certificate (<c>upstreamTls</c>): SNI and host name <paramref name="defaultServerName"/>
    /// unless <c>serverName</c> is set, chained to the configured CAs only (or the system roots), or not checked at all
    /// with <c>insecureSkipVerify</c>. A fresh instance per connection (the chain policy is not shared).
    /// </summary>
    public static SslClientAuthenticationOptions ClientOptions(UpstreamTlsConfig tls, string defaultServerName)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName ?? defaultServerName,
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (tls.InsecureSkipVerify)
        {
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (tls.CaCertificates is { } cas)
        {
            // Trust exactly the configured CA(s), not the system store; the host name is still checked.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(cas);
            options.CertificateChainPolicy = policy;
        }
        return options;
    }

    private static async Task AuthenticateAsync(SslStream ssl, Func<CancellationToken, Task> authenticate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await authenticate(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException($"TLS handshake did not complete within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
