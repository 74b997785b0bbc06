using System.Net;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Upstreams;

/// <summary>Connects to a Cassandra node (or anything speaking CQL) over TCP, with TLS when <paramref name="tls"/> is enabled.</summary>
public sealed class TcpUpstreamConnector(IPEndPoint endPoint, TimeSpan connectTimeout, UpstreamTlsConfig? tls = null) : IUpstreamConnector
{
    public string Description => tls is { Enabled: true } ? $"{endPoint} (TLS)" : endPoint.ToString();

    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var transport = await UpstreamSocket.ConnectAsync(endPoint, connectTimeout, tls, cancellationToken).ConfigureAwait(false);
        return new UpstreamConnection(transport, transport.DisposeAsync);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
