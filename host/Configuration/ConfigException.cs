namespace ScriptProxy.Host.Configuration;

/// <summary>A configuration error that names the file, the key and what was expected.</summary>
public sealed class ConfigException(string file, string key, string problem)
    : Exception($"{file}: '{key}': {problem}")
{
    public string File { get; } = file;

    public string Key { get; } = key;

    public string Problem { get; } = problem;
}
