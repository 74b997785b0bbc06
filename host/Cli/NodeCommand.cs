using System.Net;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Cli;

/// <summary>
/// <c>scriptproxy node --listen 127.0.0.1:9142 [--user name:password ...]</c>: a standalone embedded in-memory CQL node,
/// with PasswordAuthenticator when users are given.
/// </summary>
internal static class NodeCommand
{
    public static async Task<int> ExecuteAsync(string listen, IReadOnlyList<string> userArgs, CancellationToken shutdown)
    {
        var users = new List<NodeUser>();
        foreach (var text in userArgs)
        {
            if (!NodeUser.TryParse(text, out var user))
            {
                await Console.Error.WriteLineAsync($"--user: expected name:password, got \"{text}\"").ConfigureAwait(false);
                return 2;
            }
            users.Add(user!);
        }
        if (!IPEndPoint.TryParse(listen, out var endPoint))
        {
            await Console.Error.WriteLineAsync($"--listen: expected an address and port like 127.0.0.1:9142, got \"{listen}\"").ConfigureAwait(false);
            return 2;
        }
        await using var node = new EmbeddedNode(new EmbeddedNodeOptions { ListenAddress = endPoint.Address, NativePort = endPoint.Port, Users = users });
        try
        {
            await node.StartAsync(endPoint, shutdown).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on {endPoint}: {e.Message}").ConfigureAwait(false);
            return 3;
        }
        Console.WriteLine($"Embedded CQL node listening on {node.LocalEndPoint}{(users.Count > 0 ? $" (PasswordAuthenticator, {users.Count} user(s))" : "")}");
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C / SIGTERM.
        }
        await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
