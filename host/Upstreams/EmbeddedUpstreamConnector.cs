using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// The in-memory CQL node inside the proxy process. Each client connection gets its own pair of in-memory
/// pipes to the node: no socket, no port. The node advertises the proxy's own listener in system.local,
/// so drivers keep connecting through the proxy.
/// </summary>
public sealed class EmbeddedUpstreamConnector : IUpstreamConnector, IAdvertisedAddressAware
{
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IReadOnlyList<NodeUser> _users;
    private EmbeddedNode? _node;

    /// <param name="loggers">Logger source.</param>
    /// <param name="users">The node's users (<c>embedded.users</c>); non-empty turns its PasswordAuthenticator on.</param>
    public EmbeddedUpstreamConnector(ILoggerFactory loggers, IReadOnlyList<NodeUser>? users = null)
    {
        _log = loggers.CreateLogger("ScriptProxy.EmbeddedNode");
        _users = users ?? [];
    }

    public string Description => "embedded";

    /// <summary>The node, created on the first connection (or when the listener address is known).</summary>
    public EmbeddedNode Node => _node ?? Create(new IPEndPoint(IPAddress.Loopback, 9042));

    public void OnListening(IPEndPoint endPoint) => Create(endPoint);

    private EmbeddedNode Create(IPEndPoint advertised)
    {
        var node = new EmbeddedNode(new EmbeddedNodeOptions { ListenAddress = advertised.Address, NativePort = advertised.Port, Users = _users });
        if (Interlocked.CompareExchange(ref _node, node, null) is { } existing)
        {
            _ = node.DisposeAsync();
            return existing;
        }
        return node;
    }

    public ValueTask<UpstreamConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var node = Node;
        // Pipe pair: what the proxy writes, the node reads, and back.
        var toNode = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var fromNode = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var proxySide = new DuplexPipe(fromNode.Reader, toNode.Writer);
        var nodeSide = new DuplexPipe(toNode.Reader, fromNode.Writer);
        var serving = Task.Run(async () =>
        {
            try
            {
                await node.ServeConnectionAsync(nodeSide, null, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "Embedded node connection failed");
            }
            finally
            {
                await nodeSide.Input.CompleteAsync().ConfigureAwait(false);
                await nodeSide.Output.CompleteAsync().ConfigureAwait(false);
            }
        }, CancellationToken.None);
        async ValueTask Close()
        {
            await proxySide.Output.CompleteAsync().ConfigureAwait(false);
            await proxySide.Input.CompleteAsync().ConfigureAwait(false);
            await serving.ConfigureAwait(false);
        }
        return ValueTask.FromResult(new UpstreamConnection(proxySide, Close));
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_node is not null) await _node.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
