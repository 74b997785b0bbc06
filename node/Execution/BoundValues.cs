using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Node.Execution;

/// <summary>
/// The [values] of a QUERY/EXECUTE/BATCH child, decoded lazily: a marker's bytes are decoded only when the executor
/// knows the receiving type. Values may also be given by name (QUERY flag 0x40) or as CLR objects (in-process callers).
/// </summary>
internal sealed class BoundValues
{
    private readonly IReadOnlyList<CqlValueSlice>? _slices;
    private readonly IReadOnlyList<string>? _names;
    private readonly IReadOnlyList<object?>? _objects;

    public BoundValues(IReadOnlyList<CqlValueSlice> slices, IReadOnlyList<string>? names, byte protocolVersion)
    {
        _slices = slices;
        _names = names is { Count: > 0 } ? names : null;
        ProtocolVersion = protocolVersion;
    }

    public BoundValues(IReadOnlyList<object?> objects)
    {
        _objects = objects;
        ProtocolVersion = 4;
    }

    public static BoundValues Empty { get; } = new(Array.Empty<object?>());

    public byte ProtocolVersion { get; }

    public int Count => _slices?.Count ?? _objects?.Count ?? 0;

    /// <summary>The value for marker <paramref name="index"/> as the CLR value of <paramref name="type"/>, or <see cref="UnsetValue"/>.</summary>
    public object? Get(int index, string? name, CqlType type, string receiver)
    {
        int i = index;
        if (_names is not null && name is not null)
        {
            i = -1;
            for (int k = 0; k < _names.Count; k++)
            {
                if (string.Equals(_names[k], name, StringComparison.OrdinalIgnoreCase)) { i = k; break; }
            }
            if (i < 0) throw CqlException.Invalid($"No value for bind variable :{name}");
        }
        if (_objects is not null)
        {
            if (i >= _objects.Count) throw CqlException.Invalid($"There were {_objects.Count} markers(?) in CQL but {_objects.Count} bound variables");
            return _objects[i];
        }
        if (_slices is null || i >= _slices.Count)
            throw CqlException.Invalid($"Invalid amount of bind variables: expected more than {Count}");
        var slice = _slices[i];
        if (slice.IsUnset) return UnsetValue.Instance;
        if (slice.IsNull) return null;
        try
        {
            return CqlValueCodec.Decode(type, slice.Bytes.Span, ProtocolVersion);
        }
        catch (Exception e) when (e is CqlProtocolException or ArgumentException or FormatException or OverflowException)
        {
            throw CqlException.Invalid($"Exception while binding column {receiver}: {e.Message}");
        }
    }
}
