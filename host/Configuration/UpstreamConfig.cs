using System.Net;

namespace ScriptProxy.Host.Configuration;

/// <summary>Where requests go: the in-process embedded node, or a Cassandra node at an address.</summary>
public sealed record UpstreamConfig(bool Embedded, IPEndPoint? EndPoint)
{
    public const string EmbeddedKeyword = "embedded";

    public static UpstreamConfig EmbeddedNode { get; } = new(true, null);

    public override string ToString() => Embedded ? EmbeddedKeyword : EndPoint!.ToString();
}
