using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>Settings shared by Tee and DualWrite: the second cluster's endpoint and how long to wait for it.</summary>
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
        return new SecondaryCluster(endpoint, connect).Following(context.ClientsClosed);
    }

    public static TimeSpan Timeout(SettingsReader r) => TimeSpan.FromMilliseconds(r.Int("timeoutMs", 1, 600_000, 5_000));
}
