namespace ScriptProxy.Transforms.Operations;

/// <summary>Parsing helpers for <see cref="IRuntimeSettings.Switch"/>: keys and enum values as in proxy.json, case-insensitive.</summary>
internal static class RuntimeSwitch
{
    /// <summary>Throws for a key not in <paramref name="known"/>, before anything is changed.</summary>
    public static void RejectUnknown(IReadOnlyDictionary<string, string> changes, params string[] known)
    {
        foreach (var key in changes.Keys)
        {
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new SettingSwitchException(key, $"not a setting that can be switched at run time; expected: {string.Join(", ", known)}");
        }
    }

    /// <summary>The value given for <paramref name="key"/> parsed as <typeparamref name="T"/>, or <paramref name="current"/> when not given.</summary>
    public static T Enum<T>(IReadOnlyDictionary<string, string> changes, string key, T current) where T : struct, System.Enum
    {
        string? text = null;
        foreach (var (k, v) in changes)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) text = v;
        }
        if (text is null) return current;
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && text.Length > 0 && !char.IsDigit(text[0]) && text[0] != '-')
            return value;
        throw new SettingSwitchException(key, $"expected one of: {string.Join(", ", System.Enum.GetNames<T>())}, got \"{text}\"");
    }
}
