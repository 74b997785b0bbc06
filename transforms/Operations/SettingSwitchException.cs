namespace ScriptProxy.Transforms.Operations;

/// <summary>A run-time switch named an unknown key or gave a bad value; the message names the key, as config errors do.</summary>
public sealed class SettingSwitchException(string key, string problem) : Exception($"'{key}': {problem}")
{
    /// <summary>The offending key, as given.</summary>
    public string Key { get; } = key;
}
