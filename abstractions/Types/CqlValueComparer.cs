using System.Collections;

namespace ScriptProxy.Abstractions.Types;

/// <summary>Structural equality for decoded CQL values: byte arrays, lists, maps, tuples and UDTs compare by content.</summary>
public sealed class CqlValueComparer : IEqualityComparer<object?>
{
    public static CqlValueComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        switch (x)
        {
            case byte[] a when y is byte[] b:
                return a.AsSpan().SequenceEqual(b);
            case double a when y is double b:
                return a.Equals(b); // NaN == NaN for round-trip purposes
            case float a when y is float b:
                return a.Equals(b);
            case string or UdtValue:
                return x.Equals(y);
            case IEnumerable a when y is IEnumerable b:
                var ea = a.GetEnumerator();
                var eb = b.GetEnumerator();
                while (true)
                {
                    bool ma = ea.MoveNext(), mb = eb.MoveNext();
                    if (ma != mb) return false;
                    if (!ma) return true;
                    if (!Equals(Unwrap(ea.Current), Unwrap(eb.Current))) return false;
                }
            default:
                return x.Equals(y);
        }
    }

    private static object? Unwrap(object? o) => o is KeyValuePair<object?, object?> kv ? new object?[] { kv.Key, kv.Value } : o;

    public int GetHashCode(object? obj) => obj switch
    {
        null => 0,
        byte[] b => b.Length,
        string s => s.GetHashCode(),
        IEnumerable => 17,
        _ => obj.GetHashCode(),
    };
}
