namespace ScriptProxy.Host.Upstreams;

/// <summary>
/// An upstream that can know it cannot serve although connections to it still open: the cluster sink's sessions open
/// at once and route on the last ring read, so a successful connect says nothing once the proxy lost sight of the
/// cluster. Readiness asks this as well as connecting.
/// </summary>
public interface IUpstreamHealth
{
    /// <summary>Null while the upstream can serve, else why not (safe to show: never a password).</summary>
    string? Problem { get; }
}
