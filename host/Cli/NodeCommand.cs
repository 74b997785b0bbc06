namespace ScriptProxy.Host.Cli;

/// <summary><c>scriptproxy node</c>: a standalone embedded node.</summary>
internal static class NodeCommand
{
    public static async Task<int> ExecuteAsync(string listen, CancellationToken shutdown)
    {
        // TODO(issue 4): start the embedded node here.
        await Console.Error.WriteLineAsync($"scriptproxy node --listen {listen}: the embedded node is not available yet").ConfigureAwait(false);
        return 1;
    }
}
