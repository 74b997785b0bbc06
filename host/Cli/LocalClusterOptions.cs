using System.Net;

namespace ScriptProxy.Host.Cli;

/// <summary>
/// Shape of <c>scriptproxy cluster up</c>: <see cref="Nodes"/> embedded nodes on 127.0.0.1, .2, ... port
/// <see cref="NodePort"/> and <see cref="Proxies"/> proxies on 127.0.0.1, .2, ... port <see cref="ProxyPort"/>.
/// Port 0 (tests): every node gets its own free port; the proxies share one port that is free on all their addresses.
/// </summary>
internal sealed record LocalClusterOptions
{
    public int Nodes { get; init; } = 3;

    public int NodePort { get; init; } = 9142;

    public int Proxies { get; init; } = 2;

    public int ProxyPort { get; init; } = 9042;

    /// <summary>The first node's and the first proxy's address; the others count up in the last octet.</summary>
    public IPAddress FirstAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Script stages (.csx / .js) every proxy runs after the config's own stages.</summary>
    public IReadOnlyList<string> Scripts { get; init; } = [];
}
