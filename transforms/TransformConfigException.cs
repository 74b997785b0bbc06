namespace ScriptProxy.Transforms;

/// <summary>
/// A built-in stage's configuration error. The message has the same shape as the host's config errors
/// (<c>proxy.json: 'stages[2].deny[0]': expected one of: Read, Write, ReadWrite, SchemaChange, got "Wrte"</c>), so
/// the host can print it as it is.
/// </summary>
public sealed class TransformConfigException(string file, string key, string problem)
    : Exception($"{file}: '{key}': {problem}")
{
    /// <summary>The configuration file, e.g. "proxy.json".</summary>
    public string File { get; } = file;

    /// <summary>The JSON path of the offending key, e.g. "stages[2].deny[0]".</summary>
    public string Key { get; } = key;

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; } = problem;
}
