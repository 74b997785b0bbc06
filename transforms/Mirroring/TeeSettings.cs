namespace ScriptProxy.Transforms.Mirroring;

/// <summary>
/// Tee's switchable settings as one immutable value: a run-time switch replaces the whole object, so a request that
/// reads it once sees a source and a mismatch behaviour that were set together.
/// </summary>
public sealed record TeeSettings(TeeResultSource ResultSource, TeeMismatch Mismatch)
{
    /// <summary>The settings by their proxy.json keys, for the admin API.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        ["resultSource"] = ResultSource.ToString(),
        ["mismatch"] = Mismatch.ToString(),
    };
}
