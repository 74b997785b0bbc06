namespace ScriptProxy.Host.Upstreams.Cluster;

/// <summary>
/// A node would not let the proxy's own connection (control connection, probe) in: it asks for a login and none is
/// configured, the configured login is refused, or the authenticator wants more than SASL PLAIN. The message says
/// which, and which key of which file to change; retrying without a config change cannot help.
/// </summary>
public sealed class ClusterAuthenticationException : Exception
{
    public ClusterAuthenticationException()
    {
    }

    public ClusterAuthenticationException(string message)
        : base(message)
    {
    }

    public ClusterAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
