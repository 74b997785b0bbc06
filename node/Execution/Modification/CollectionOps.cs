using System.Collections;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>Read-modify-write of collection cells (append, prepend, union, removal, element set). Runs under the partition lock.</summary>
internal static class CollectionOps
{
    public static object? Add(CqlType type, object? current, object? delta) => type switch
    {
        ListType => Concat(current as List<object?>, delta as List<object?>),
        SetType or MapType => TermEvaluator.Normalize(type, Merge(current, delta)),
        _ => throw CqlException.Invalid($"Invalid operation (+) for non collection column of type {type}"),
    };

    public static object? Prepend(CqlType type, object? current, object? delta) =>
        type is ListType ? Concat(delta as List<object?>, current as List<object?>) : throw CqlException.Invalid("Invalid operation (prepend) for non list column");

    public static object? Subtract(CqlType type, object? current, object? delta)
    {
        if (current is null || delta is null) return current;
        switch (type)
        {
            case ListType lt:
                return ((List<object?>)current).Where(e => !((List<object?>)delta).Any(d => ValueOrdering.Compare(lt.Element, e, d) == 0)).ToList();
            case SetType st:
                return ((List<object?>)current).Where(e => !((List<object?>)delta).Any(d => ValueOrdering.Compare(st.Element, e, d) == 0)).ToList();
            case MapType mt:
                var keys = (List<object?>)delta;
                return ((List<KeyValuePair<object?, object?>>)current).Where(kv => !keys.Any(k => ValueOrdering.Compare(mt.Key, kv.Key, k) == 0)).ToList();
            default:
                throw CqlException.Invalid($"Invalid operation (-) for non collection column of type {type}");
        }
    }

    public static object? SetElement(CqlType type, object? current, object? key, object? value, string column)
    {
        switch (type)
        {
            case ListType:
            {
                var list = current as List<object?>;
                int index = Convert.ToInt32(key);
                if (list is null) throw CqlException.Invalid("Attempted to set an element on a list which is null");
                if (index < 0 || index >= list.Count) throw CqlException.Invalid($"List index {index} out of bound, list has size {list.Count}");
                var copy = new List<object?>(list);
                if (value is null) copy.RemoveAt(index);
                else copy[index] = value;
                return copy;
            }
            case MapType mt:
            {
                var map = current is List<KeyValuePair<object?, object?>> m ? new List<KeyValuePair<object?, object?>>(m) : [];
                map.RemoveAll(kv => ValueOrdering.Compare(mt.Key, kv.Key, key) == 0);
                if (value is not null) map.Add(new(key, value));
                return TermEvaluator.Normalize(type, map);
            }
            default:
                throw CqlException.Invalid($"Invalid operation ({column}[?] = ?) for non list or map column {column}");
        }
    }

    public static object? RemoveElement(CqlType type, object? current, object? key, string column)
    {
        if (current is null) return null;
        switch (type)
        {
            case ListType:
            {
                var list = new List<object?>((List<object?>)current);
                int index = Convert.ToInt32(key);
                if (index < 0 || index >= list.Count) throw CqlException.Invalid($"List index {index} out of bound, list has size {list.Count}");
                list.RemoveAt(index);
                return list;
            }
            case MapType mt:
                return ((List<KeyValuePair<object?, object?>>)current).Where(kv => ValueOrdering.Compare(mt.Key, kv.Key, key) != 0).ToList();
            case SetType st:
                return ((List<object?>)current).Where(e => ValueOrdering.Compare(st.Element, e, key) != 0).ToList();
            default:
                throw CqlException.Invalid($"Invalid element deletion on non-collection column {column}");
        }
    }

    public static object? SetField(UdtType type, object? current, string field, object? value)
    {
        int idx = -1;
        for (int i = 0; i < type.Fields.Count; i++)
        {
            if (type.Fields[i].Name == field) { idx = i; break; }
        }
        if (idx < 0) throw CqlException.Invalid($"UDT column does not have a field named {field}");
        var values = new object?[type.Fields.Count];
        if (current is UdtValue u)
        {
            for (int i = 0; i < u.Values.Count; i++) values[i] = u.Values[i];
        }
        values[idx] = value;
        return new UdtValue(type, values);
    }

    /// <summary>Cassandra stores an empty collection as no value at all.</summary>
    public static bool IsEmptyCollection(object? value) => value is IList { Count: 0 };

    private static List<object?>? Concat(List<object?>? a, List<object?>? b)
    {
        var result = new List<object?>();
        if (a is not null) result.AddRange(a);
        if (b is not null) result.AddRange(b);
        return result;
    }

    private static object? Merge(object? current, object? delta) => (current, delta) switch
    {
        (null, _) => delta,
        (_, null) => current,
        (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
        (List<KeyValuePair<object?, object?>> a, List<KeyValuePair<object?, object?>> b) => a.Concat(b).ToList(),
        _ => delta,
    };
}
