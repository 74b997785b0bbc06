using System.Text.Json;

namespace ScriptProxy.Transforms.Configuration;

/// <summary>
/// Typed access to one JSON object of a stage's settings, in the style of the host's ConfigLoader: every error
/// names the file, the full key ("stages[2].deny[0]") and what was expected, and unknown keys are errors so a typo
/// never silently falls back to a default.
/// </summary>
internal sealed class SettingsReader
{
    private readonly JsonElement _object;

    private SettingsReader(JsonElement obj, string file, string path)
    {
        _object = obj;
        File = file;
        PathPrefix = path;
    }

    /// <summary>The configuration file name.</summary>
    public string File { get; }

    /// <summary>The JSON path of this object.</summary>
    public string PathPrefix { get; }

    /// <summary>The stage's own object: must be an object and hold only <paramref name="known"/> or host keys.</summary>
    public static SettingsReader Root(JsonElement settings, BuiltinContext context, params string[] known)
    {
        // An absent settings object (Undefined) means "all defaults".
        if (settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            settings = JsonDocument.Parse("{}").RootElement;
        var reader = new SettingsReader(settings, context.File, context.KeyPrefix);
        if (settings.ValueKind != JsonValueKind.Object) throw reader.Error("", "expected a JSON object", settings);
        reader.RejectUnknown(known, context.HostKeys);
        return reader;
    }

    /// <summary>The full key of <paramref name="key"/> in this object.</summary>
    public string PathOf(string key) => key.Length == 0 ? PathPrefix : PathPrefix.Length == 0 ? key : key.StartsWith('[') ? PathPrefix + key : $"{PathPrefix}.{key}";

    /// <summary>An error about <paramref name="key"/> naming what was expected and what was found.</summary>
    public TransformConfigException Error(string key, string expected, JsonElement got) =>
        new(File, PathOf(key), $"{expected}, got {Describe(got)}");

    /// <summary>An error about <paramref name="key"/> with a free-form problem.</summary>
    public TransformConfigException Problem(string key, string problem) => new(File, PathOf(key), problem);

    public bool Has(string key) => _object.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement? Get(string key) => _object.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? String(string key, string? fallback = null)
    {
        if (Get(key) is not { } e) return fallback;
        return e.ValueKind == JsonValueKind.String ? e.GetString() : throw Error(key, "expected a string", e);
    }

    public string RequiredString(string key, string expected)
    {
        if (Get(key) is not { } e) throw Problem(key, $"is required: {expected}");
        return e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s : throw Error(key, expected, e);
    }

    public int Int(string key, int min, int max, int fallback)
    {
        if (Get(key) is not { } e) return fallback;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= min && v <= max) return v;
        throw Error(key, $"expected an integer from {min} to {max}", e);
    }

    public double Number(string key, double min, double max, double fallback)
    {
        if (Get(key) is not { } e) return fallback;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && v >= min && v <= max) return v;
        throw Error(key, $"expected a number from {min} to {max}", e);
    }

    public bool Bool(string key, bool fallback)
    {
        if (Get(key) is not { } e) return fallback;
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(key, "expected true or false", e),
        };
    }

    public T Enum<T>(string key, T fallback) where T : struct, System.Enum =>
        Get(key) is { } e ? EnumValue<T>(e, key) : fallback;

    public T EnumValue<T>(JsonElement e, string key) where T : struct, System.Enum
    {
        if (e.ValueKind == JsonValueKind.String && System.Enum.TryParse<T>(e.GetString(), ignoreCase: true, out var v) && System.Enum.IsDefined(v)
            && !char.IsDigit(e.GetString()![0]))
            return v;
        throw Error(key, $"expected one of: {string.Join(", ", System.Enum.GetNames<T>())}", e);
    }

    /// <summary>An array of strings (a single string is accepted as a one-element list).</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        if (Get(key) is not { } e) return [];
        if (e.ValueKind == JsonValueKind.String) return [e.GetString()!];
        if (e.ValueKind != JsonValueKind.Array) throw Error(key, "expected an array of strings", e);
        var list = new List<string>();
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            string itemKey = $"{key}[{i++}]";
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } s) throw Error(itemKey, "expected a non-empty string", item);
            list.Add(s);
        }
        return list;
    }

    /// <summary>An array of enum names (a single name is accepted as a one-element list).</summary>
    public IReadOnlyList<T> EnumList<T>(string key) where T : struct, System.Enum
    {
        if (Get(key) is not { } e) return [];
        if (e.ValueKind == JsonValueKind.String) return [EnumValue<T>(e, key)];
        if (e.ValueKind != JsonValueKind.Array) throw Error(key, $"expected an array of: {string.Join(", ", System.Enum.GetNames<T>())}", e);
        var list = new List<T>();
        int i = 0;
        foreach (var item in e.EnumerateArray()) list.Add(EnumValue<T>(item, $"{key}[{i++}]"));
        return list;
    }

    /// <summary>A nested object holding only <paramref name="known"/> keys; null when absent.</summary>
    public SettingsReader? Object(string key, params string[] known)
    {
        if (Get(key) is not { } e) return null;
        if (e.ValueKind != JsonValueKind.Object) throw Error(key, "expected an object", e);
        var nested = new SettingsReader(e, File, PathOf(key));
        nested.RejectUnknown(known, null);
        return nested;
    }

    /// <summary>An array of objects, each holding only <paramref name="known"/> keys.</summary>
    public IReadOnlyList<SettingsReader> ObjectList(string key, params string[] known)
    {
        if (Get(key) is not { } e) return [];
        if (e.ValueKind != JsonValueKind.Array) throw Error(key, "expected an array of objects", e);
        var list = new List<SettingsReader>();
        int i = 0;
        foreach (var item in e.EnumerateArray())
        {
            string itemKey = $"{key}[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw Error(itemKey, "expected an object", item);
            var nested = new SettingsReader(item, File, PathOf(itemKey));
            nested.RejectUnknown(known, null);
            list.Add(nested);
        }
        return list;
    }

    /// <summary>An object used as a map (free keys), e.g. <c>{"old_ks": "new_ks"}</c>.</summary>
    public IReadOnlyList<(string Name, JsonElement Value, string Key)> Map(string key)
    {
        if (Get(key) is not { } e) return [];
        if (e.ValueKind != JsonValueKind.Object) throw Error(key, "expected an object", e);
        var list = new List<(string, JsonElement, string)>();
        foreach (var p in e.EnumerateObject()) list.Add((p.Name, p.Value, $"{key}.{p.Name}"));
        return list;
    }

    /// <summary>A reader over the object found in a <see cref="Map"/> entry.</summary>
    public SettingsReader Nested(JsonElement value, string key, params string[] known)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Error(key, "expected an object", value);
        var nested = new SettingsReader(value, File, PathOf(key));
        nested.RejectUnknown(known, null);
        return nested;
    }

    private void RejectUnknown(string[] known, IReadOnlySet<string>? hostKeys)
    {
        foreach (var p in _object.EnumerateObject())
        {
            if (Array.IndexOf(known, p.Name) >= 0 || (hostKeys?.Contains(p.Name) ?? false)) continue;
            string expected = known.Length == 0 ? "this stage takes no settings" : $"expected one of: {string.Join(", ", known)}";
            throw new TransformConfigException(File, PathOf(p.Name), $"unknown key; {expected}");
        }
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"\"{e.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Undefined => "nothing",
        _ => e.GetRawText(),
    };
}
