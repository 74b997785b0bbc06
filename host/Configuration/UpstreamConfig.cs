using System.Net;

namespace ScriptProxy.Host.Configuration;

/// <summary>
/// Where requests go: the in-process embedded node, a Cassandra node at an address, or a cluster discovered from
/// contact points (<see cref="ContactPoints"/> non-null; requests are routed token-aware to its nodes).
/// </summary>
public sealed record UpstreamConfig(bool Embedded, IPEndPoint? EndPoint)
{
    public const string EmbeddedKeyword = "embedded";

    public static UpstreamConfig EmbeddedNode { get; } = new(true, null);

    /// <summary>Cluster mode: the nodes the topology is first read from.</summary>
    public IReadOnlyList<IPEndPoint>? ContactPoints { get; init; }

    public bool IsCluster => ContactPoints is not null;

    public static UpstreamConfig Cluster(IReadOnlyList<IPEndPoint> contactPoints) => new(false, null) { ContactPoints = contactPoints };

    public override string ToString() => Embedded ? EmbeddedKeyword : IsCluster ? "cluster " + string.Join(",", ContactPoints!) : EndPoint!.ToString();

    public bool Equals(UpstreamConfig? other) =>
        other is not null && Embedded == other.Embedded && Equals(EndPoint, other.EndPoint) &&
        (ContactPoints ?? []).SequenceEqual(other.ContactPoints ?? []);

    public override int GetHashCode() => HashCode.Combine(Embedded, EndPoint, ContactPoints?.Count);
}
