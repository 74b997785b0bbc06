namespace ScriptProxy.Transforms.Operations;

/// <summary>
/// A built-in stage with settings an operator can switch while it runs (Tee's mismatch and result source, DualWrite's
/// reads), through the admin API. A switch replaces an immutable settings value atomically: requests read it once,
/// lock-free, and one already running finishes on the value it read.
/// </summary>
public interface IRuntimeSettings
{
    /// <summary>The switchable settings as they are now, by their proxy.json key (e.g. "mismatch": "FailOnMismatch").</summary>
    IReadOnlyDictionary<string, string> CurrentSettings { get; }

    /// <summary>The same keys as configured in proxy.json (what the stage started with).</summary>
    IReadOnlyDictionary<string, string> ConfiguredSettings { get; }

    /// <summary>Applies all of <paramref name="changes"/> at once, or none of them.</summary>
    /// <param name="changes">Keys (case-insensitive) and values (case-insensitive enum names).</param>
    /// <returns>The settings after the switch.</returns>
    /// <exception cref="SettingSwitchException">An unknown key or a bad value; nothing was changed.</exception>
    IReadOnlyDictionary<string, string> Switch(IReadOnlyDictionary<string, string> changes);
}
