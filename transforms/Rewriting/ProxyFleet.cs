using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// The proxies presented to drivers as the cluster. Every proxy is configured with its own address and the others'
/// (<c>address</c> + <c>peers</c>) and computes the same fleet from that list alone, with no shared state: members are
/// sorted into a canonical order (address bytes, then port), each gets a host id derived from its address, and the
/// Murmur3 ring is cut into <c>members × vnodes</c> equal ranges dealt round-robin, so every proxy owns an equal share.
/// The ring is synthetic: it spreads a token-aware driver's requests evenly over the proxies; which real node serves a
/// key is the proxy's cluster sink's business, not the driver's.
/// </summary>
public sealed class ProxyFleet
{
    private ProxyFleet(IReadOnlyList<FleetMember> members, FleetMember self)
    {
        Members = members;
        Self = self;
        Others = [.. members.Where(m => !ReferenceEquals(m, self))];
    }

    /// <summary>Every proxy, in canonical order.</summary>
    public IReadOnlyList<FleetMember> Members { get; }

    /// <summary>This proxy (what system.local answers).</summary>
    public FleetMember Self { get; }

    /// <summary>The other proxies (what system.peers and system.peers_v2 answer), in canonical order.</summary>
    public IReadOnlyList<FleetMember> Others { get; }

    /// <summary>Builds the fleet from this proxy's address and the others'; duplicates of <paramref name="self"/> among them are ignored.</summary>
    /// <param name="vnodes">Tokens per proxy (1 to 256).</param>
    public static ProxyFleet Create(IPEndPoint self, IEnumerable<IPEndPoint> others, int vnodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vnodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vnodes, 256);
        var endpoints = others.Append(self).Distinct().OrderBy(e => e, EndpointOrder.Instance).ToList();
        int count = endpoints.Count;
        var members = new FleetMember[count];
        for (int i = 0; i < count; i++)
        {
            var tokens = new List<string>(vnodes);
            for (int v = 0; v < vnodes; v++) tokens.Add(Token(v * count + i, count * vnodes).ToString(System.Globalization.CultureInfo.InvariantCulture));
            tokens.Sort(StringComparer.Ordinal);
            members[i] = new FleetMember(endpoints[i], HostIdOf(endpoints[i]), tokens);
        }
        return new ProxyFleet(members, members.First(m => m.Endpoint.Equals(self)));
    }

    /// <summary>The member at <paramref name="endpoint"/>, or null when it is not in the fleet.</summary>
    public FleetMember? Find(IPEndPoint endpoint) => Members.FirstOrDefault(m => m.Endpoint.Equals(endpoint));

    /// <summary>
    /// Token <paramref name="index"/> of <paramref name="total"/> evenly spaced over the Murmur3 range [-2^63, 2^63):
    /// -2^63 + index * 2^64 / total.
    /// </summary>
    public static long Token(int index, int total)
    {
        var offset = (BigInteger.One << 64) * index / total;
        return (long)(offset + long.MinValue);
    }

    /// <summary>
    /// A name-based UUID (version 5 layout, SHA-1) of "scriptproxy-fleet:" + the endpoint: the same on every proxy and
    /// every restart, and different per address, so drivers keep one stable host per proxy.
    /// </summary>
    public static Guid HostIdOf(IPEndPoint endpoint)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("scriptproxy-fleet:" + endpoint));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>Address bytes (IPv4 before IPv6), then port: a total order every proxy agrees on.</summary>
    private sealed class EndpointOrder : IComparer<IPEndPoint>
    {
        public static readonly EndpointOrder Instance = new();

        public int Compare(IPEndPoint? x, IPEndPoint? y)
        {
            var a = x!.Address.GetAddressBytes();
            var b = y!.Address.GetAddressBytes();
            int c = a.Length.CompareTo(b.Length);
            if (c == 0) c = a.AsSpan().SequenceCompareTo(b);
            return c != 0 ? c : x.Port.CompareTo(y.Port);
        }
    }
}
