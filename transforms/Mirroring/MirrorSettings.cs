using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>Settings shared by Tee and DualWrite: the second cluster's endpoint, login, TLS and how long to wait for it.</summary>
internal static class MirrorSettings
{
    public static SecondaryCluster Cluster(SettingsReader r, BuiltinContext context, string key, string stage)
    {
        string endpoint = r.RequiredString(key, "the other cluster's \"host:port\", e.g. \"10.0.0.9:9042\"");
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), out int port) || port is <= 0 or > 65535)
            throw r.Problem(key, $"expected \"host:port\", got \"{endpoint}\"");
        if (context.ConnectUpstream is not { } connect)
            throw r.Problem(key, $"{stage} needs a connection to another cluster, which this host does not provide");
        return new SecondaryCluster(Login(r, context, endpoint) with { Tls = Tls(r, context, endpoint, stage) }, connect).Following(context.ClientsClosed);
    }

    /// <summary>The optional <c>tls</c> object, shaped like proxy.json's upstreamTls and read by the host (which loads the CA once, here).</summary>
    private static Func<System.Net.Security.SslClientAuthenticationOptions>? Tls(SettingsReader r, BuiltinContext context, string endpoint, string stage)
    {
        if (r.Get("tls") is not { } tls) return null;
        if (context.ReadSecondaryTls is not { } read) throw r.Problem("tls", $"{stage} cannot use TLS to another cluster in this host");
        return read(tls, r.PathOf("tls"), endpoint);
    }

    /// <summary>
    /// The optional <c>credentials</c> object, shaped like proxy.json's upstreamCredentials:
    /// {"username", "password"} or {"usernameEnv", "passwordEnv"} (keeps the secret out of the file).
    /// </summary>
    private static SecondaryTarget Login(SettingsReader r, BuiltinContext context, string endpoint)
    {
        if (r.Object("credentials", "username", "password", "usernameEnv", "passwordEnv") is not { } c) return new SecondaryTarget(endpoint);
        return new SecondaryTarget(endpoint, Value(c, context, "username"), Value(c, context, "password"));
    }

    private static string Value(SettingsReader c, BuiltinContext context, string key)
    {
        string? literal = c.String(key), env = c.String(key + "Env");
        if ((literal is null) == (env is null)) throw c.Problem("", $"expected exactly one of \"{key}\" or \"{key}Env\" (an environment variable name)");
        string? value = literal ?? context.GetEnvironmentVariable(env!);
        if (string.IsNullOrEmpty(value)) throw c.Problem(key + (literal is null ? "Env" : ""), literal is null ? $"the environment variable {env} is not set" : "must not be empty");
        return value;
    }

    public static TimeSpan Timeout(SettingsReader r) => TimeSpan.FromMilliseconds(r.Int("timeoutMs", 1, 600_000, 5_000));
}
