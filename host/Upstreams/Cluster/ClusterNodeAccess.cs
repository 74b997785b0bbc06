using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// How the cluster sink reaches a node, the same for every connection it opens: the connect timeout, TLS
/// (<c>upstreamTls</c>, checked as on the single-upstream path, the node's address being the default server name) and
/// the proxy's own login (<c>upstreamCredentials</c>) for the connections that are not a client's: the control
/// connection and the probes. Client sessions' node connections replay the client's handshake instead (with
/// <c>"clientAuth": "replace"</c> that handshake already carries the configured login).
/// </summary>
/// <param name="ConnectTimeout">TCP connect (and TLS handshake) timeout.</param>
/// <param name="Tls">TLS settings; <see cref="UpstreamTlsConfig.Disabled"/> for plain TCP.</param>
/// <param name="Credentials">The proxy's login; null when none is configured.</param>
/// <param name="ConfigFile">The configuration file, named in errors that a config change fixes.</param>
internal sealed record ClusterNodeAccess(TimeSpan ConnectTimeout, UpstreamTlsConfig Tls, UpstreamCredentials? Credentials, string ConfigFile)
{
    private static readonly TimeSpan MinimumHandshake = TimeSpan.FromSeconds(5);

    /// <summary>Plain TCP, no login (what tests of unauthenticated clusters need).</summary>
    public static ClusterNodeAccess Plain(TimeSpan connectTimeout) => new(connectTimeout, UpstreamTlsConfig.Disabled, null, "proxy.json");

    /// <summary>A raw transport to <paramref name="endPoint"/> (TLS when configured), for a session's node connection.</summary>
    public Task<SocketTransport> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken) =>
        UpstreamSocket.ConnectAsync(endPoint, ConnectTimeout, Tls, cancellationToken);

    /// <summary>
    /// A CQL connection of the proxy's own to <paramref name="endPoint"/>: TLS when configured, STARTUP, and SASL PLAIN
    /// with <see cref="Credentials"/> when the node answers AUTHENTICATE.
    /// </summary>
    /// <exception cref="ClusterAuthenticationException">The node wants a login the proxy does not have or refuses the one it has.</exception>
    public async Task<CqlConnection> OpenAsync(IPEndPoint endPoint, Action<EventResponse>? events, CancellationToken cancellationToken)
    {
        var options = new CqlConnectionOptions
        {
            ConnectTimeout = ConnectTimeout,
            // A node that accepts and never answers STARTUP must not hold the control connection's reconnect (and with it
            // every later topology round) forever; the same bound as the connect, at least a few seconds for the login.
            HandshakeTimeout = ConnectTimeout > MinimumHandshake ? ConnectTimeout : MinimumHandshake,
            Events = events,
            Credentials = Credentials is { } login ? new CqlCredentials(login.Username, login.Password) : null,
            Tls = Tls.Enabled ? TlsHandshake.ClientOptions(Tls, endPoint.Address.ToString()) : null,
        };
        try
        {
            return await CqlConnection.ConnectAsync(endPoint, options, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException e) when (Credentials is null)
        {
            throw new ClusterAuthenticationException(
                $"the cluster requires authentication ({endPoint}: {e.Message}): set \"upstreamCredentials\" in {ConfigFile} " +
                "(the cluster sink's control connection and probes log in with them)", e);
        }
        catch (NotSupportedException e)
        {
            throw new ClusterAuthenticationException($"{endPoint}: {e.Message}; the cluster sink logs in with SASL PLAIN only (PasswordAuthenticator and compatible)", e);
        }
        catch (CqlServerException e) when (e.Code == ErrorCode.AuthenticationError)
        {
            throw new ClusterAuthenticationException(
                $"{endPoint} refused \"upstreamCredentials\" (user {Credentials?.Username}) of {ConfigFile}: {e.Error.Message}", e);
        }
    }
}
