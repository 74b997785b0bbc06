using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Client;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// The second cluster of Tee and DualWrite (<see cref="ISecondaryUpstream"/>) over the shared CQL client
/// (<see cref="CqlConnection"/>: pipelined, stream ids, v5 segments). It opens with protocol v5 and falls back to v4
/// when the cluster refuses v5; no compression; TLS when the target has it; SASL PLAIN login when the target has credentials. Requests written for the client's version are
/// adapted to the connection's (a v4 client's EXECUTE gets an empty result_metadata_id on v5, which only makes the
/// cluster send the metadata along; v5-only fields are dropped on v4); one that still cannot be expressed is
/// answered with a ProtocolError instead of being sent. Connection failures surface as <see cref="IOException"/>.
/// </summary>
public sealed class SecondaryUpstream : ISecondaryUpstream
{
    private readonly CqlConnection _connection;

    private SecondaryUpstream(string endpoint, CqlConnection connection)
    {
        Endpoint = endpoint;
        _connection = connection;
    }

    public string Endpoint { get; }

    /// <summary>Connects to <paramref name="endpoint"/> ("host:port"; a name is resolved) and completes STARTUP.</summary>
    /// <exception cref="IOException">The cluster cannot be reached or refused the connection.</exception>
    public static async ValueTask<ISecondaryUpstream> ConnectAsync(SecondaryTarget target, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        string endpoint = target.Endpoint;
        var address = Parse(endpoint);
        var login = target.Username is { } user ? new CqlCredentials(user, target.Password ?? "") : null;
        try
        {
            foreach (var version in new[] { ProtocolVersion.V5, ProtocolVersion.V4 })
            {
                try
                {
                    var options = new CqlConnectionOptions { Version = version, ConnectTimeout = connectTimeout, Credentials = login, Tls = target.Tls?.Invoke() };
                    return new SecondaryUpstream(endpoint, await CqlConnection.ConnectAsync(address, options, cancellationToken).ConfigureAwait(false));
                }
                catch (CqlServerException e) when (e.Code == ErrorCode.ProtocolError && version > ProtocolVersion.V4)
                {
                    // The cluster does not speak v5: try v4.
                }
            }
            throw new IOException($"{endpoint} refused protocol versions 5 and 4");
        }
        catch (Exception e) when (e is SocketException or CqlServerException or CqlProtocolException or NotSupportedException or AuthenticationException or TimeoutException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Cannot connect to the secondary cluster {endpoint}: {e.Message}", e);
        }
    }

    public async ValueTask<IResponse> SendAsync(IRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await _connection.SendAsync(Adapt(request, _connection.Version), cancellationToken).ConfigureAwait(false);
        }
        catch (CqlProtocolException e)
        {
            return new ErrorResponse(ErrorCode.ProtocolError, $"Cannot send this request to {Endpoint} on protocol v{_connection.Version}: {e.Message}");
        }
        catch (SocketException e)
        {
            throw new IOException($"The connection to {Endpoint} failed: {e.Message}", e);
        }
    }

    private static IRequest Adapt(IRequest request, byte version) => (request, version >= ProtocolVersion.V5) switch
    {
        (ExecuteRequest { ResultMetadataId: null } e, true) => e with { ResultMetadataId = ReadOnlyMemory<byte>.Empty },
        (ExecuteRequest e, false) when e.ResultMetadataId is not null || e.Parameters.NowInSeconds is not null =>
            e with { ResultMetadataId = null, Parameters = e.Parameters with { NowInSeconds = null } },
        (QueryRequest q, false) when q.Parameters.NowInSeconds is not null => q with { Parameters = q.Parameters with { NowInSeconds = null } },
        _ => request,
    };

    private static EndPoint Parse(string endpoint)
    {
        if (IPEndPoint.TryParse(endpoint, out var ip) && ip.Port != 0) return ip;
        int colon = endpoint.LastIndexOf(':');
        if (colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), out int port) && port is > 0 and <= 65535) return new DnsEndPoint(endpoint[..colon], port);
        throw new IOException($"Expected \"host:port\" for the secondary cluster, got \"{endpoint}\"");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
