namespace ScriptProxy.Host.Configuration;

/// <summary>What the proxy does with the SASL token of a client's AUTH_RESPONSE (<c>clientAuth</c> in proxy.json).</summary>
public enum ClientAuthPolicy
{
    /// <summary>Forward the client's token untouched: the upstream checks the client's own credentials.</summary>
    Passthrough,

    /// <summary>
    /// Replace the token with a SASL PLAIN token for <see cref="ProxyConfig.UpstreamCredentials"/>: any client that
    /// answers AUTHENTICATE is logged in as the configured user, and the client's token never reaches the upstream.
    /// </summary>
    Replace,
}
